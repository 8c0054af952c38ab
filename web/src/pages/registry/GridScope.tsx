import { Card, Col, Row, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { api } from '../../api/client';
import type { Grid, GridType } from '../../api/types';
import { DataState } from '../../components/DataState';
import { GeoMap } from '../../components/GeoMap';
import { useI18n } from '../../i18n/i18n';
import { useNames } from '../../lib/names';
import { useAsync } from '../../lib/use-async';
import { GridDetail } from './GridDetail';
import { GRID_TYPE_COLORS } from './GridsPanel';
import { shortfallOf } from './staffing';

/** A grid code (440106001004-G02), the scope of a grid worker. */
export const isGridCode = (code: string | null | undefined) => Boolean(code && /-G\d+$/.test(code));

/**
 * A grid worker's registry: the units above their grid (by name, for orientation: outside their data
 * scope, so not selectable) down to the grid itself, its shape on the map, its staff and staffing.
 */
export function GridScope({ scopePath }: { scopePath: string }) {
  const { t, locale } = useI18n();
  // The path from the province down: the province and city say little to a grid worker.
  const chain = useMemo(() => scopePath.split('.').filter((code) => code.length > 4), [scopePath]);
  const code = chain[chain.length - 1];
  const nameOf = useNames(chain);
  const grid = useAsync(
    (signal) =>
      api.get<Grid, '/api/v1/registry/grids/{code}'>('/api/v1/registry/grids/{code}', {
        params: { code },
        query: { boundary: 'true' },
        signal,
      }),
    [code],
  );
  const types = useAsync(
    (signal) =>
      api.get<{ items: GridType[] }, '/api/v1/registry/grid-types'>('/api/v1/registry/grid-types', {
        signal,
      }),
    [],
  );
  const typeName = (type: string) => {
    const found = types.data?.items.find((x) => x.type === type);
    return found ? (locale === 'zh-CN' ? found.nameZh : found.nameEn) : type;
  };
  // Built on every render, not memoised: the ancestors' names arrive after the first one.
  let node: DataNode | null = null;
  for (const step of [...chain].reverse()) {
    const own = step === code;
    node = {
      key: step,
      title: <span title={step}>{own && grid.data ? grid.data.name : nameOf(step)}</span>,
      selectable: own,
      isLeaf: own,
      children: node ? [node] : undefined,
    };
  }
  const tree: DataNode[] = node ? [node] : [];

  return (
    <Row gutter={12} wrap={false}>
      <Col flex="240px">
        <Card size="small" title={t('registry.tree')}>
          <nav aria-label={t('registry.tree')}>
            <Tree treeData={tree} defaultExpandAll expandedKeys={chain} selectedKeys={[code]} />
          </nav>
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card size="small" title={grid.data?.name ?? nameOf(code)}>
          <DataState loading={grid.loading} error={grid.error} onRetry={grid.reload}>
            {grid.data && (
              <Row gutter={12}>
                <Col xs={24} xl={12}>
                  <GeoMap
                    label={t('grid.map')}
                    height={340}
                    selected={grid.data.code}
                    features={
                      grid.data.polygon
                        ? [
                            {
                              id: grid.data.code,
                              geometry: grid.data.polygon,
                              color: GRID_TYPE_COLORS[grid.data.type] ?? '#bfbfbf',
                              label: grid.data.name,
                              tooltip: typeName(grid.data.type),
                            },
                          ]
                        : []
                    }
                  />
                </Col>
                <Col xs={24} xl={12}>
                  <GridDetail
                    grid={grid.data}
                    typeName={typeName}
                    shortfall={
                      shortfallOf(
                        grid.data,
                        types.data?.items.find((x) => x.type === grid.data!.type),
                      ) ?? undefined
                    }
                  />
                </Col>
              </Row>
            )}
          </DataState>
        </Card>
      </Col>
    </Row>
  );
}
