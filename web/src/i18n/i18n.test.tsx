// @vitest-environment node
import { describe, expect, it } from 'vitest';
import enUS from './locales/en-US.json';
import zhCN from './locales/zh-CN.json';
import { translate } from './i18n';

describe('locales', () => {
  it('hold the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(enUS)])
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[])
      expect({ key, names: placeholders(enUS[key]) }).toEqual({ key, names: placeholders(zhCN[key]) });
  });

  it('interpolates variables', () => {
    expect(translate('zh-CN', 'page.number', { page: 3 })).toBe('第 3 页');
    expect(translate('en-US', 'page.number', { page: 3 })).toBe('Page 3');
  });
});
