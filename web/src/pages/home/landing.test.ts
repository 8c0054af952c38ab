import { describe, expect, it } from 'vitest';
import { formatLeft, landingOf } from './landing';

describe('landing pages', () => {
  it('sends each role to the page made for it; admins win over other roles', () => {
    expect(landingOf(['district_admin'])).toBe('dashboard');
    expect(landingOf(['city_admin'])).toBe('dashboard');
    expect(landingOf(['supervisor'])).toBe('supervision');
    expect(landingOf(['street_dispatcher'])).toBe('dispatcher');
    expect(landingOf(['department_handler'])).toBe('handler');
    expect(landingOf(['grid_worker'])).toBe('reporter');
    expect(landingOf(['community_worker'])).toBe('reporter');
    expect(landingOf(['grid_worker', 'district_admin'])).toBe('dashboard');
  });

  it('writes time left in days and hours', () => {
    const u = { day: '天', hour: '小时', minute: '分钟' };
    expect(formatLeft((3 * 24 + 4) * 3_600_000, u)).toBe('3天4小时');
    expect(formatLeft(-2 * 3_600_000 - 5, u)).toBe('-2小时');
    expect(formatLeft(90_000, u)).toBe('1分钟');
  });
});
