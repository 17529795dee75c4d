import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/renderer/common/csv';

describe('CSV export', () => {
  it('quotes commas, quotes, newlines and padded text; leaves plain cells alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('defuses cells that a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes a BOM, a header and CRLF lines, with Chinese text intact', () => {
    expect(toCsv(['learner', 'course'], [['王芳', 'Python, basics']])).toBe(
      '\uFEFFlearner,course\r\n王芳,"Python, basics"\r\n',
    );
  });
});
