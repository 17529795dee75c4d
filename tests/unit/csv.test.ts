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

  it('defuses cells that a spreadsheet would run as formulas, and quotes them', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-1+2')).toBe(`"'-1+2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1')).toBe(`"'\t'=1"`);
    expect(csvCell(' =1')).toBe(`" '=1"`);
  });

  it('defuses a formula after a separator of any locale, so no split makes one', () => {
    // A semicolon locale opens `x;=1+1` as two cells, the second a formula.
    expect(csvCell('x;=1+1')).toBe(`"x;'=1+1"`);
    expect(csvCell('a,+1')).toBe(`"a,'+1"`);
    expect(csvCell('a\t@SUM(1)')).toBe(`"a\t'@SUM(1)"`);
    expect(csvCell('a|-2+3+cmd')).toBe(`"a|'-2+3+cmd"`);
    expect(csvCell('note\n=1+1')).toBe(`"note\n'=1+1"`);
    expect(csvCell('note\r\n  @x')).toBe(`"note\r\n  '@x"`);
    // Every piece of every split, in every locale, is text or a number.
    const cells = ['x;=1+1', 'a,+1', 'a\t@SUM(1)', 'note\n=1+1', 'a,\t=1', 'b; -1+2'];
    for (const cell of cells) {
      const written = csvCell(cell).slice(1, -1).replace(/""/g, '"');
      for (const piece of written.split(/[,;\t|\r\n]/))
        expect(piece.trimStart()).not.toMatch(/^[=+\-@]/);
    }
  });

  it('keeps numbers useful: a number, a plain negative decimal, a decimal comma', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('-0.25')).toBe('-0.25');
    expect(csvCell('1,5')).toBe('"1,5"');
    expect(csvCell('a,-5')).toBe('"a,-5"');
    expect(csvCell(1e-7)).toBe('1e-7');
  });

  it('writes a BOM, a header and CRLF lines, with Chinese text intact', () => {
    expect(toCsv(['learner', 'course'], [['王芳', 'Python, basics']])).toBe(
      '\uFEFFlearner,course\r\n王芳,"Python, basics"\r\n',
    );
  });
});
