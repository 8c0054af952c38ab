import { Badge, Col, Row, Space, Tag, Typography, type TableProps } from 'antd';
import { useCallback, useMemo } from 'react';
import { api } from '../../api/client';
import type { Grid, GridType, Page, StaffingReport, Unit } from '../../api/types';
import { GeoMap, type MapFeature } from '../../components/GeoMap';
import { PagedTable } from '../../components/PagedTable';
import { useI18n } from '../../i18n/i18n';
import type { Column } from '../../lib/export';
import { useAsync } from '../../lib/use-async';
import { useKeysetList } from '../../lib/use-keyset';
import { displayText } from '../../lib/display';

export const GRID_TYPE_COLORS: Record<string, string> = {
  general_prevention: '#91caff',
  routine: '#95de64',
  key_attention: '#ffc069',
  concentrated_remediation: '#ff7875',
};

const active = (grid: Grid) => grid.staff.filter((s) => !s.until);
const staffing = (grid: Grid) => ({
  head: active(grid).some((s) => s.role === 'head'),
  fullTime: active(grid).filter((s) => s.role === 'full_time' || s.role === 'head').length,
  partTime: active(grid).filter((s) => s.role === 'part_time').length,
});

/** The unit's grids on the map (coloured by type) and in a table with their staffing against the standard. */
export function GridsPanel({ unit }: { unit: Unit }) {
  const { t, locale } = useI18n();
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
    (cursor: string | null, signal?: AbortSignal) =>
      api.get<Page<Grid>, '/api/v1/registry/grids'>('/api/v1/registry/grids', {
        query: { unit: unit.code, after: cursor ?? undefined, limit: 200, boundary: 'true' },
        signal,
      }),
    [unit.code],
  );
  const list = useKeysetList(fetchPage, [unit.code]);
  const typeName = useCallback(
    (type: string) => {
      const found = types.data?.items.find((x) => x.type === type);
      return found ? (locale === 'zh-CN' ? found.nameZh : found.nameEn) : type;
    },
    [types.data, locale],
  );
  const below = new Set(report.data?.belowStandard.map((b) => b.gridCode));

  const features = useMemo<MapFeature[]>(
    () =>
      list.items
        .filter((g) => g.polygon)
        .map((g) => ({
          id: g.code,
          geometry: g.polygon!,
          color: GRID_TYPE_COLORS[g.type] ?? '#bfbfbf',
          label: g.name,
        })),
    [list.items],
  );

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
      render: (type: string) => (
        <Tag color={GRID_TYPE_COLORS[type]} style={{ color: 'rgba(0, 0, 0, 0.88)' }}>
          {typeName(type)}
        </Tag>
      ),
    },
    {
      title: t('grid.staffing'),
      render: (_, grid) => {
        const s = staffing(grid);
        return (
          <Space size={4}>
            <Badge status={below.has(grid.code) ? 'error' : 'success'} />
            {t('grid.staffingText', { head: s.head ? 1 : 0, full: s.fullTime, part: s.partTime })}
          </Space>
        );
      },
    },
  ];
  const exportColumns: Column<Grid>[] = [
    { title: t('grid.code'), value: (g) => g.code },
    { title: t('grid.name'), value: (g) => g.name },
    { title: t('grid.type'), value: (g) => typeName(g.type) },
    { title: t('grid.head'), value: (g) => (staffing(g).head ? 1 : 0) },
    { title: t('grid.fullTime'), value: (g) => staffing(g).fullTime },
    { title: t('grid.partTime'), value: (g) => staffing(g).partTime },
    { title: t('grid.belowStandard'), value: (g) => (below.has(g.code) ? t('common.yes') : t('common.no')) },
  ];

  return (
    <Row gutter={12}>
      <Col xs={24} xl={11}>
        <GeoMap features={features} height={380} label={t('grid.map')} />
        <Space wrap style={{ marginTop: 6 }}>
          {Object.entries(GRID_TYPE_COLORS).map(([type, color]) => (
            <Tag key={type} color={color} style={{ color: 'rgba(0, 0, 0, 0.88)' }}>
              {typeName(type)}
            </Tag>
          ))}
        </Space>
        {report.data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 6 }}>
            {t('grid.reportText', {
              checked: report.data.gridsChecked,
              below: report.data.belowStandard.length,
            })}
          </Typography.Paragraph>
        )}
      </Col>
      <Col xs={24} xl={13}>
        <PagedTable<Grid>
          list={list}
          columns={columns}
          rowKey="code"
          exportName={t('export.name.grids')}
          exportColumns={exportColumns}
        />
      </Col>
    </Row>
  );
}
