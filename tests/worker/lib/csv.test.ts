import { describe, expect, it } from "vitest";
import { csvField, csvLine, csvResponse, wantsCsv } from "../../../worker/src/lib/csv";

describe("csv", () => {
  it("quotes what needs quoting and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField(null)).toBe("");
    expect(csvField(-3.5)).toBe("-3.5");
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-cmd")).toBe("'-cmd");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });

  it("streams the header row and every row across chunks", async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => [i, `row ${i}`]);
    const response = csvResponse("x y.csv", ["n", "label"], rows);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="x_y.csv"');
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("n,label");
    expect(lines).toHaveLength(1236);
    expect(lines[1234]).toBe("1233,row 1233");
    expect(lines[1235]).toBe("");
  });

  it("answers CSV for ?format=csv or an Accept that prefers it", () => {
    const request = (url: string, accept?: string) => new Request(url, accept ? { headers: { accept } } : {});
    expect(wantsCsv(request("https://p.test/h?format=csv"))).toBe(true);
    expect(wantsCsv(request("https://p.test/h?format=json", "text/csv"))).toBe(false);
    expect(wantsCsv(request("https://p.test/h", "text/csv"))).toBe(true);
    expect(wantsCsv(request("https://p.test/h", "application/json, text/csv"))).toBe(false);
    expect(wantsCsv(request("https://p.test/h"))).toBe(false);
  });
});
