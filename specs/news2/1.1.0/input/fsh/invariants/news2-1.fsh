Invariant: news2-1
Description: "Totalskåren er et heltall fra 0 til 20 (valueInteger, eller valueQuantity med et heltall som verdi)."
Severity: #error
Expression: "(value.ofType(integer) | value.ofType(Quantity).value).all($this >= 0 and $this <= 20 and $this.floor() = $this)"
