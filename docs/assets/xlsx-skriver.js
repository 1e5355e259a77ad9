/* A minimal xlsx writer for the tender annex, written for this site (no library, nothing fetched).
 * It writes the same layout as the CLI (journalloft.requirements.export.to_xlsx): sheet "Krav" with
 * the header row, one row per requirement, the answer drop-down and the sheet locked without a
 * password except the two answer columns; sheet "Om eksporten" with the metadata rows.
 * Strings are written inline (t="inlineStr"), the package is an uncompressed (stored) zip, and every
 * member has the same fixed date, so equal input gives equal bytes.
 * Exposed as window.JournalloftXlsx.annex(spec) -> Uint8Array. */
(function () {
  "use strict";

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) { crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8); }
    return (crc ^ 0xffffffff) >>> 0;
  }

  function zip(files) {
    /* files: [[name, Uint8Array]]; a stored zip (method 0) dated 1980-01-01 00:00. */
    var encoder = new TextEncoder();
    var chunks = [];
    var central = [];
    var offset = 0;
    files.forEach(function (file) {
      var name = encoder.encode(file[0]);
      var data = file[1];
      var crc = crc32(data);
      var local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true);
      local.setUint16(6, 0x0800, true); /* UTF-8 names */
      local.setUint16(8, 0, true);
      local.setUint16(10, 0, true);
      local.setUint16(12, 0x21, true);
      local.setUint32(14, crc, true);
      local.setUint32(18, data.length, true);
      local.setUint32(22, data.length, true);
      local.setUint16(26, name.length, true);
      local.setUint16(28, 0, true);
      chunks.push(new Uint8Array(local.buffer), name, data);
      var entry = new DataView(new ArrayBuffer(46));
      entry.setUint32(0, 0x02014b50, true);
      entry.setUint16(4, 20, true);
      entry.setUint16(6, 20, true);
      entry.setUint16(8, 0x0800, true);
      entry.setUint16(10, 0, true);
      entry.setUint16(12, 0, true);
      entry.setUint16(14, 0x21, true);
      entry.setUint32(16, crc, true);
      entry.setUint32(20, data.length, true);
      entry.setUint32(24, data.length, true);
      entry.setUint16(28, name.length, true);
      entry.setUint32(42, offset, true);
      central.push(new Uint8Array(entry.buffer), name);
      offset += 30 + name.length + data.length;
    });
    var centralSize = central.reduce(function (sum, part) { return sum + part.length; }, 0);
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, files.length, true);
    end.setUint16(10, files.length, true);
    end.setUint32(12, centralSize, true);
    end.setUint32(16, offset, true);
    var parts = chunks.concat(central, [new Uint8Array(end.buffer)]);
    var total = parts.reduce(function (sum, part) { return sum + part.length; }, 0);
    var result = new Uint8Array(total);
    var at = 0;
    parts.forEach(function (part) { result.set(part, at); at += part.length; });
    return result;
  }

  function xml(text) {
    /* Escape for XML and drop the control characters XML 1.0 cannot carry. */
    return String(text)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function column(index) {
    var name = "";
    for (var n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
      name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    }
    return name;
  }

  function cell(ref, value, style) {
    var s = style ? ' s="' + style + '"' : "";
    if (value === null || value === undefined || value === "") { return '<c r="' + ref + '"' + s + "/>"; }
    if (typeof value === "number") { return '<c r="' + ref + '"' + s + "><v>" + value + "</v></c>"; }
    return '<c r="' + ref + '"' + s + ' t="inlineStr"><is><t xml:space="preserve">' + xml(value) + "</t></is></c>";
  }

  /* Styles: 0 default, 1 header (bold white on blue), 2 wrapped text (locked), 3 answer (unlocked,
   * yellow), 4 bold wrapped (metadata labels). */
  var STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>' +
    '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
    '<fill><patternFill patternType="solid"><fgColor rgb="FF1F4E79"/></patternFill></fill>' +
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/></patternFill></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
    '<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1" applyAlignment="1" applyProtection="1"><alignment vertical="top" wrapText="1"/><protection locked="0"/></xf>' +
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
    "</cellXfs>" +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

  var PROTECTION = '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" autoFilter="0"/>';

  function requirementsSheet(spec) {
    var widths = spec.widths;
    var answerFirst = spec.headers.length - 2;
    var last = spec.rows.length + 1;
    var lastColumn = column(spec.headers.length - 1);
    var out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ',
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
      '<dimension ref="A1:' + lastColumn + last + '"/>',
      '<sheetViews><sheetView workbookViewId="0"><pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/></sheetView></sheetViews>',
      "<cols>"];
    widths.forEach(function (width, index) {
      out.push('<col min="' + (index + 1) + '" max="' + (index + 1) + '" width="' + width + '" customWidth="1"/>');
    });
    out.push("</cols><sheetData>");
    out.push('<row r="1">' + spec.headers.map(function (header, index) { return cell(column(index) + "1", header, 1); }).join("") + "</row>");
    spec.rows.forEach(function (values, rowIndex) {
      var r = rowIndex + 2;
      var cells = values.map(function (value, index) { return cell(column(index) + r, value, 2); });
      cells.push(cell(column(answerFirst) + r, "", 3), cell(column(answerFirst + 1) + r, "", 3));
      out.push('<row r="' + r + '">' + cells.join("") + "</row>");
    });
    out.push("</sheetData>", PROTECTION, '<autoFilter ref="A1:' + lastColumn + last + '"/>');
    var answers = spec.answerValues;
    out.push('<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" ',
      'errorTitle="Ugyldig svar" error="' + xml("Velg " + answers.slice(0, -1).join(", ") + " eller " + answers[answers.length - 1] + ".") + '" ',
      'promptTitle="' + xml(spec.headers[answerFirst]) + '" prompt="Velg fra listen om kravet er oppfylt." ',
      'sqref="' + column(answerFirst) + "2:" + column(answerFirst) + last + '"><formula1>' + xml('"' + answers.join(",") + '"') + "</formula1></dataValidation></dataValidations>",
      '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>',
      '<pageSetup orientation="landscape" paperSize="9" fitToHeight="0" fitToWidth="1"/>',
      footer(spec.status), "</worksheet>");
    return out.join("");
  }

  function metadataSheet(rows, status) {
    var out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
      '<cols><col min="1" max="1" width="32" customWidth="1"/><col min="2" max="2" width="100" customWidth="1"/></cols><sheetData>'];
    rows.forEach(function (row, index) {
      var r = index + 1;
      out.push('<row r="' + r + '">' + cell("A" + r, row[0], 4) + cell("B" + r, row[1], 2) + "</row>");
    });
    out.push("</sheetData>", PROTECTION, footer(status), "</worksheet>");
    return out.join("");
  }

  /* Printed, every page says what the annex is (journalloft.status, as the CLI's export writes it). */
  function footer(status) {
    return "<headerFooter><oddFooter>" + xml("&C" + status) + "</oddFooter><evenFooter>" + xml("&C" + status) +
      "</evenFooter></headerFooter>";
  }

  function annex(spec) {
    /* spec: {headers, widths, rows (values without the two answer cells), answerValues, metadata, title, status} */
    var encoder = new TextEncoder();
    var head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    var files = [
      ["[Content_Types].xml", head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        "</Types>"],
      ["_rels/.rels", head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        "</Relationships>"],
      ["docProps/core.xml", head + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>journalloft</dc:creator><dc:title>' +
        xml(spec.title) + "</dc:title></cp:coreProperties>"],
      ["xl/workbook.xml", head + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        '<sheet name="Krav" sheetId="1" r:id="rId1"/><sheet name="Om eksporten" sheetId="2" r:id="rId2"/></sheets>' +
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\'Krav\'!$A$1:$' +
        column(spec.headers.length - 1) + "$" + (spec.rows.length + 1) + "</definedName>" +
        '<definedName name="_xlnm.Print_Titles" localSheetId="0">\'Krav\'!$1:$1</definedName></definedNames></workbook>'],
      ["xl/_rels/workbook.xml.rels", head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>' +
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        "</Relationships>"],
      ["xl/styles.xml", STYLES],
      ["xl/worksheets/sheet1.xml", requirementsSheet(spec)],
      ["xl/worksheets/sheet2.xml", metadataSheet(spec.metadata, spec.status)]
    ];
    return zip(files.map(function (file) { return [file[0], encoder.encode(file[1])]; }));
  }

  window.JournalloftXlsx = { annex: annex, crc32: crc32 };
})();
