Invariant: news2-2
Description: "En delskår er et heltall fra 0 til 3 (valueInteger, eller valueQuantity med et heltall som verdi)."
Severity: #error
Expression: "(value.ofType(integer) | value.ofType(Quantity).value).all($this >= 0 and $this <= 3 and $this.floor() = $this)"
