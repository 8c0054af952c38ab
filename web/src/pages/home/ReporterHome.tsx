import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Row, Space, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { Grid } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { DataState } from '../../components/DataState';
import { GeoMap } from '../../components/GeoMap';
import { useI18n } from '../../i18n/i18n';
import { displayText } from '../../lib/display';
import { useAsync } from '../../lib/use-async';
import { useCategories } from '../../lib/use-categories';
import { gridsOf } from '../dashboard/scope';
import { HomeTitle } from './HomeTitle';
import { ReportForm } from './ReportForm';
import { WorkList } from './WorkList';

/** The grids a grid worker (one grid) or community worker (the community's grids) looks after. */
async function myGrids(scope: string, signal: AbortSignal): Promise<Grid[]> {
  if (scope.includes('-'))
    return [
      await api.get<Grid, '/api/v1/registry/grids/{code}'>('/api/v1/registry/grids/{code}', {
        params: { code: scope },
        query: { boundary: 'true' },
        signal,
      }),
    ];
  return gridsOf(scope, true, signal);
}

/** 网格员 / 社区工作者: my grids on the map, my cases in hand, and 上报 (report a case with photos). */
export default function ReporterHome() {
  const { t } = useI18n();
  const { can, scopeUnit } = useAuth();
  const { message } = App.useApp();
  const { categories, categoryName } = useCategories();
  const [reporting, setReporting] = useState(false);
  const [version, setVersion] = useState(0);
  const grids = useAsync(
    (signal) => (scopeUnit ? myGrids(scopeUnit, signal) : Promise.resolve([])),
    [scopeUnit],
  );
  const names = useMemo(
    () => new Map((grids.data ?? []).map((g) => [g.code, displayText(g.name)])),
    [grids.data],
  );
  const features = useMemo(
    () =>
      (grids.data ?? [])
        .filter((g) => g.polygon)
        .map((g) => ({ id: g.code, geometry: g.polygon!, color: '#91caff', label: displayText(g.name) })),
    [grids.data],
  );
  return (
    <>
      <HomeTitle
        title={t('home.reporter')}
        extra={
          can('case:report') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)}>
              {t('report.open')}
            </Button>
          )
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={
              <Space>
                {t('home.myGrids')}
                {(grids.data ?? []).map((g) => (
                  <Tag key={g.code} title={g.code}>
                    {displayText(g.name)}
                  </Tag>
                ))}
              </Space>
            }
          >
            <DataState loading={grids.loading} error={grids.error} onRetry={grids.reload}>
              <GeoMap height={320} label={t('home.myGrids')} features={features} />
            </DataState>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <WorkList
            key={version}
            title={t('home.myCases')}
            query={{ open: 'true', unit: scopeUnit ?? undefined }}
            unitName={(code) => names.get(code) ?? code}
          />
        </Col>
      </Row>
      {reporting && grids.data && (
        <ReportForm
          grids={grids.data}
          categories={categories.data ?? []}
          categoryName={categoryName}
          onCancel={() => setReporting(false)}
          onDone={(_created, failed) => {
            setReporting(false);
            if (failed) message.warning(t('report.photosFailed', { failed }));
            else message.success(t('report.done'));
            setVersion((v) => v + 1);
          }}
        />
      )}
    </>
  );
}
