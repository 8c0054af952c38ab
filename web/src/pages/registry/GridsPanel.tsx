import { Badge, Col, Input, Row, Select, Space, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { Grid, GridType, StaffingReport, Unit } from '../../api/types';
import { GeoMap, type MapFeature } from '../../components/GeoMap';
import { PagedTable } from '../../components/PagedTable';
import { useI18n } from '../../i18n/i18n';
import { displayText } from '../../lib/display';
import type { Column } from '../../lib/export';
import { useAsync } from '../../lib/use-async';
import { useKeysetList } from '../../lib/use-keyset';
import { GridDetail } from './GridDetail';
import { shortfallReasons, staffingOf, type Shortfall } from './staffing';

export const GRID_TYPE_COLORS: Record<string, string> = {
  general_prevention: '#91caff',
  routine: '#95de64',
  key_attention: '#ffc069',
  concentrated_remediation: '#ff7875',
};
/** Rows per page: a screen's worth at 1366×768. */
const PAGE_SIZE = 20;

/** The unit's grids, paged and filtered on the server, on the map (coloured by type) and in a table. */
export function GridsPanel({ unit }: { unit: Unit }) {
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [type, setType] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const types = useAsync(
    (signal) =>
      api.get<{ items: GridType[] }, '/api/v1/registry/grid-types'>('/api/v1/registry/grid-types', {
        signal,
      }),
    [],
  );
  const report = useAsync(
    (signal) =>
      api.get<StaffingReport, '/api/v1/registry/staffing-report'>('/api/v1/registry/staffing-report', {
        query: { unit: unit.code },
        signal,
      }),
    [unit.code],
  );
  const fetchPage = useCallback(
    async (cursor: string | null, signal?: AbortSignal, limit = PAGE_SIZE) => {
      const page = await api.get<
        { items: Grid[]; nextCursor: string | null; total: number },
        '/api/v1/registry/grids'
      >('/api/v1/registry/grids', {
        query: {
          unit: unit.code,
          after: cursor ?? undefined,
          limit,
          boundary: 'true',
          q: query || undefined,
          type: type ?? undefined,
        },
        signal,
      });
      setTotal(page.total);
      return page;
    },
    [unit.code, query, type],
  );
  const list = useKeysetList(fetchPage, [unit.code, query, type]);
  const typeName = useCallback(
    (code: string) => {
      const found = types.data?.items.find((x) => x.type === code);
      return found ? (locale === 'zh-CN' ? found.nameZh : found.nameEn) : code;
    },
    [types.data, locale],
  );
  const shortfalls = useMemo(
    () => new Map<string, Shortfall>((report.data?.belowStandard ?? []).map((b) => [b.gridCode, b])),
    [report.data],
  );
  const reasonOf = (grid: Grid) => {
    const row = shortfalls.get(grid.code);
    return row ? shortfallReasons(row, t).join('；') : null;
  };
  const features = useMemo<MapFeature[]>(
    () =>
      list.items
        .filter((g) => g.polygon)
        .map((g) => ({
          id: g.code,
          geometry: g.polygon!,
          color: GRID_TYPE_COLORS[g.type] ?? '#bfbfbf',
          label: displayText(g.name),
          tooltip: typeName(g.type),
        })),
    [list.items, typeName],
  );
  const current = list.items.find((g) => g.code === selected);

  const columns: TableProps<Grid>['columns'] = [
    // Names, not codes: the code is on hover (and in the export).
    {
      title: t('grid.name'),
      dataIndex: 'name',
      render: (name: string, g) => <span title={g.code}>{displayText(name)}</span>,
    },
    {
      title: t('grid.type'),
      dataIndex: 'type',
      render: (code: string) => (
        <Tag color={GRID_TYPE_COLORS[code]} style={{ color: 'rgba(0, 0, 0, 0.88)' }}>
          {typeName(code)}
        </Tag>
      ),
    },
    {
      title: t('grid.staffing'),
      render: (_, grid) => {
        const s = staffingOf(grid);
        const reason = reasonOf(grid);
        return (
          <Space size={4} direction="vertical">
            <Space size={4}>
              <Badge status={reason ? 'error' : 'success'} />
              {t('grid.staffingText', { head: s.head ? 1 : 0, full: s.fullTime, part: s.partTime })}
            </Space>
            {reason && (
              <Tooltip title={t('grid.standardHelp')}>
                {/* A darker red than antd's danger text: 4.5:1 on white at this size. */}
                <Typography.Text style={{ fontSize: 12, color: '#a8071a' }}>
                  {t('grid.belowStandard')}：{reason}
                </Typography.Text>
              </Tooltip>
            )}
          </Space>
        );
      },
    },
  ];
  const exportColumns: Column<Grid>[] = [
    { title: t('grid.code'), value: (g) => g.code },
    { title: t('grid.name'), value: (g) => g.name },
    { title: t('grid.type'), value: (g) => typeName(g.type) },
    { title: t('grid.head'), value: (g) => (staffingOf(g).head ? 1 : 0) },
    { title: t('grid.fullTime'), value: (g) => staffingOf(g).fullTime },
    { title: t('grid.partTime'), value: (g) => staffingOf(g).partTime },
    { title: t('grid.belowStandard'), value: (g) => reasonOf(g) ?? t('common.no') },
  ];

  return (
    <Row gutter={12}>
      <Col xs={24} xl={11}>
        <GeoMap
          features={features}
          height={340}
          label={t('grid.map')}
          selected={selected}
          onSelect={setSelected}
        />
        <Space wrap style={{ marginTop: 6 }}>
          {Object.entries(GRID_TYPE_COLORS).map(([code, color]) => (
            <Tag key={code} color={color} style={{ color: 'rgba(0, 0, 0, 0.88)' }}>
              {typeName(code)}
            </Tag>
          ))}
        </Space>
        {report.data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 6, marginBottom: 0 }}>
            {t('grid.reportText', {
              checked: report.data.gridsChecked,
              below: report.data.belowStandard.length,
            })}
          </Typography.Paragraph>
        )}
        {current && (
          <GridDetail grid={current} typeName={typeName} shortfall={shortfalls.get(current.code)} />
        )}
      </Col>
      <Col xs={24} xl={13}>
        <PagedTable<Grid>
          list={list}
          columns={columns}
          rowKey="code"
          exportName={t('export.name.grids')}
          exportColumns={exportColumns}
          toolbar={
            <>
              <Input.Search
                allowClear
                aria-label={t('grid.search')}
                placeholder={t('grid.search')}
                style={{ width: 180 }}
                onSearch={(value) => setQuery(value.trim())}
              />
              <Select
                allowClear
                aria-label={t('grid.type')}
                placeholder={t('grid.allTypes')}
                style={{ width: 140 }}
                value={type}
                onChange={(value: string | undefined) => setType(value ?? null)}
                options={(types.data?.items ?? []).map((x) => ({ value: x.type, label: typeName(x.type) }))}
              />
              <Typography.Text type="secondary" aria-live="polite">
                {total === null ? '' : t('grid.total', { total })}
              </Typography.Text>
            </>
          }
          rowClassName={(g) => (g.code === selected ? 'ant-table-row-selected' : '')}
          onRow={(g) => ({
            onClick: () => setSelected(g.code),
            onKeyDown: (e) => {
              if (e.key === 'Enter') setSelected(g.code);
            },
            tabIndex: 0,
            style: { cursor: 'pointer' },
            'aria-selected': g.code === selected,
          })}
        />
      </Col>
    </Row>
  );
}
