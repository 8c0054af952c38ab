import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Case, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { displayText } from '../../lib/display';
import { shortId } from './short-id';

/**
 * Picks another open case in the same unit and category (the merge target): by words of its title or the
 * short id shown on screen, never by pasting a whole id.
 */
export function CasePicker({
  value,
  onChange,
  exclude,
  unit,
  category,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  exclude: string;
  unit: string | null;
  category?: string;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    const typed = search.trim();
    const byId = /^[0-9a-f-]{4,36}$/i.test(typed);
    // Typing settles for a moment before the server is asked.
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .get<Page<Case>, '/api/v1/cases'>('/api/v1/cases', {
          query: {
            unit: unit ?? undefined,
            category,
            open: 'true',
            ...(byId ? { idPrefix: typed } : { q: typed || undefined }),
            limit: 20,
          },
          signal: controller.signal,
        })
        .then(
          (page) => {
            setOptions(
              page.items
                .filter((c) => c.id !== exclude)
                .map((c) => ({ value: c.id, label: `${shortId(c.id)} · ${displayText(c.title)}` })),
            );
            setLoading(false);
          },
          () => !controller.signal.aborted && setLoading(false),
        );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, unit, category, exclude]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value}
      onChange={onChange}
      loading={loading}
      options={options}
      placeholder={t('dispatch.pickCase')}
      notFoundContent={loading ? t('state.loading') : t('dispatch.noCandidates')}
    />
  );
}
