import { useCallback } from 'react';
import { api } from '../api/client';
import { listOf } from '../api/lists';
import type { CaseCategory } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useAsync } from './use-async';

/** The category catalogue, and a category's name in the UI language (the code when unknown). */
export function useCategories() {
  const { locale } = useI18n();
  const categories = useAsync(
    async (signal) =>
      listOf<CaseCategory>(
        await api.get<unknown, '/api/v1/cases/categories'>('/api/v1/cases/categories', { signal }),
      ),
    [],
  );
  const categoryName = useCallback(
    (code: string) => {
      const c = categories.data?.find((x) => x.code === code);
      return c ? (locale === 'zh-CN' ? c.nameZh : c.nameEn) : code;
    },
    [categories.data, locale],
  );
  return { categories, categoryName };
}
