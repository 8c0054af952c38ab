import { openNow, parseOpeningHours } from '../../src/sites/site-input.js';

describe('opening hours', () => {
  it('sorts ranges, lets one start where another ends and a day run to midnight', () => {
    const touching = parseOpeningHours({
      sun: [
        ['12:00', '24:00'],
        ['00:00', '12:00'],
      ],
    });
    expect(touching).toEqual({
      hours: {
        sun: [
          ['00:00', '12:00'],
          ['12:00', '24:00'],
        ],
      },
      details: [],
    });
  });

  it('leaves closed days out and accepts no hours at all', () => {
    expect(parseOpeningHours({ mon: [], tue: [['08:30', '11:30']] })).toEqual({
      hours: { tue: [['08:30', '11:30']] },
      details: [],
    });
    expect(parseOpeningHours(undefined)).toEqual({ hours: {}, details: [] });
    expect(parseOpeningHours({})).toEqual({ hours: {}, details: [] });
  });
});

describe('openNow on the China clock (UTC+8)', () => {
  const site = {
    openingHours: parseOpeningHours({
      mon: [
        ['09:00', '12:00'],
        ['14:00', '17:30'],
      ],
      sat: [['20:00', '24:00']],
    }).hours,
  };
  const china = (local: string) => new Date(`${local}+08:00`);

  it('is open in the morning and afternoon of a weekday and closed over the lunch break', () => {
    // 2025-06-02 is a Monday.
    expect(openNow(site, china('2025-06-02T08:59:59'))).toBe(false);
    expect(openNow(site, china('2025-06-02T09:00:00'))).toBe(true);
    expect(openNow(site, china('2025-06-02T11:59:00'))).toBe(true);
    expect(openNow(site, china('2025-06-02T12:00:00'))).toBe(false);
    expect(openNow(site, china('2025-06-02T12:30:00'))).toBe(false);
    expect(openNow(site, china('2025-06-02T14:00:00'))).toBe(true);
    expect(openNow(site, china('2025-06-02T17:29:59'))).toBe(true);
    expect(openNow(site, china('2025-06-02T17:30:00'))).toBe(false);
  });

  it('is closed on a Sunday and on days without hours', () => {
    expect(openNow(site, china('2025-06-01T10:00:00'))).toBe(false); // Sunday
    expect(openNow(site, china('2025-06-03T10:00:00'))).toBe(false); // Tuesday
    expect(openNow({ openingHours: {} }, china('2025-06-02T10:00:00'))).toBe(false);
  });

  it('reads the day and time in China, not in UTC', () => {
    // Saturday 21:00 in China is Saturday 13:00 UTC: open in China, would be closed on the UTC clock.
    expect(openNow(site, new Date('2025-06-07T13:00:00Z'))).toBe(true);
    // Sunday 00:30 in China is still Saturday (16:30) in UTC: closed.
    expect(openNow(site, new Date('2025-06-07T16:30:00Z'))).toBe(false);
    // Monday 09:30 in China is Monday 01:30 UTC; Sunday 17:30 UTC is Monday 01:30 in China.
    expect(openNow(site, new Date('2025-06-02T01:30:00Z'))).toBe(true);
    expect(openNow(site, new Date('2025-06-01T17:30:00Z'))).toBe(false);
    expect(openNow(site, new Date('2025-06-01T23:59:00Z'))).toBe(false); // Monday 07:59 in China
    expect(openNow(site, new Date('2025-06-02T06:00:00Z'))).toBe(true); // Monday 14:00 in China
  });
});
