import { Card, Col, Descriptions, Row, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Unit, UnitDetail } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { DataState } from '../../components/DataState';
import { UnitTree } from '../../components/UnitTree';
import { useT, type MessageKey } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { GridsPanel } from './GridsPanel';
import { ImportPanel } from './ImportPanel';
import { GridScope, isGridCode } from './GridScope';
import { PeoplePanel } from './PeoplePanel';

function UnitSummary({ unit }: { unit: Unit }) {
  const t = useT();
  const detail = useAsync(
    (signal) =>
      api.get<UnitDetail, '/api/v1/registry/units/{code}'>('/api/v1/registry/units/{code}', {
        params: { code: unit.code },
        signal,
      }),
    [unit.code],
  );
  const counts = detail.data?.counts;
  return (
    <DataState loading={detail.loading} error={detail.error} onRetry={detail.reload}>
      {counts && (
        <Descriptions size="small" column={4} bordered>
          {(['streets', 'communities', 'grids', 'buildings', 'households', 'residents'] as const).map((k) => (
            <Descriptions.Item key={k} label={t(`registry.count.${k}` as MessageKey)}>
              {counts[k].toLocaleString()}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('registry.path')} span={2}>
            {[...(detail.data?.ancestors ?? []), unit].map((u) => u.name).join(' / ')}
          </Descriptions.Item>
        </Descriptions>
      )}
    </DataState>
  );
}

export default function RegistryPage() {
  const t = useT();
  const { can, identity, scopeUnit } = useAuth();
  const [unit, setUnit] = useState<Unit | null>(null);
  const title = (
    <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
      {t('nav.registry')}
    </Typography.Title>
  );
  // A grid worker's scope is a grid, below the unit tree: their grid and the units above it instead.
  if (isGridCode(scopeUnit) && identity?.scopePath)
    return (
      <>
        {title}
        <GridScope scopePath={identity.scopePath} />
      </>
    );
  return (
    <>
      {title}
      <Row gutter={12} wrap={false}>
        <Col flex="240px">
          <Card size="small" title={t('registry.tree')}>
            <UnitTree selected={unit?.code ?? null} onSelect={setUnit} />
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {unit && (
            <Card size="small" title={unit.name}>
              <UnitSummary unit={unit} />
              <Tabs
                style={{ marginTop: 8 }}
                items={[
                  { key: 'grids', label: t('registry.tab.grids'), children: <GridsPanel unit={unit} /> },
                  { key: 'people', label: t('registry.tab.people'), children: <PeoplePanel unit={unit} /> },
                  ...(can('registry:read-special-population')
                    ? [
                        {
                          key: 'special',
                          label: t('registry.tab.special'),
                          children: <PeoplePanel unit={unit} special />,
                        },
                      ]
                    : []),
                  ...(can('registry:import')
                    ? [{ key: 'import', label: t('registry.tab.import'), children: <ImportPanel /> }]
                    : []),
                ]}
              />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
