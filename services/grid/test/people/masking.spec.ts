import fc from 'fast-check';
import { maskIdNumber, maskPhone } from '../../src/people/index.js';

describe('maskIdNumber', () => {
  it('keeps the region code and the last four characters', () => {
    expect(maskIdNumber('440106199001011234')).toBe('440106********1234');
    expect(maskIdNumber(' 11010519491231002x ')).toBe('110105********002X');
  });

  it('masks odd inputs completely', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskIdNumber('440106900101123')).toBe('***************'); // 15-digit legacy number
    expect(maskIdNumber('4401061990010112345')).toBe('*******************');
    expect(maskIdNumber('44010619900101123A')).toBe('******************');
    expect(maskIdNumber('张三')).toBe('**');
  });

  it('never lets the birth date or sequence through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (value) => {
        const masked = maskIdNumber(value);
        if (/^\d{17}[\dX]$/.test(value.trim().toUpperCase())) {
          expect(masked.slice(6, 14)).toBe('********');
          expect(masked).toHaveLength(18);
        } else {
          expect(masked).toMatch(/^\**$/);
        }
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (value) => {
        expect(maskIdNumber(value)).toBe(`${value.slice(0, 6)}********${value.slice(14)}`);
      }),
    );
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('008613812345678')).toBe('138****5678');
  });

  it('masks odd inputs completely', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('020-12345678')).toBe('************');
    expect(maskPhone('1381234567')).toBe('**********');
    expect(maskPhone('138123456789')).toBe('************');
    expect(maskPhone('1381234567a')).toBe('***********');
  });
});
