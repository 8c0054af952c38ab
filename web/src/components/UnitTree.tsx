import { Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Page, Unit } from '../api/types';
import { useT } from '../i18n/i18n';
import { DataState } from './DataState';
import { displayText } from '../lib/display';

interface Node extends DataNode {
  key: string;
  unit: Unit;
  children?: Node[];
}

const toNode = (unit: Unit): Node => ({
  key: unit.code,
  title: displayText(unit.name),
  unit,
  isLeaf: unit.level === 'community',
});

function attach(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((node) =>
    node.key === key
      ? { ...node, children, isLeaf: children.length === 0 }
      : node.children
        ? { ...node, children: attach(node.children, key, children) }
        : node,
  );
}

export async function childUnits(parent: string | null): Promise<Unit[]> {
  const units: Unit[] = [];
  let after: string | null = null;
  do {
    const page: Page<Unit> = await api.get<Page<Unit>, '/api/v1/registry/units'>('/api/v1/registry/units', {
      query: { parent: parent ?? undefined, after: after ?? undefined, limit: 500 },
    });
    units.push(...page.items);
    after = page.nextCursor;
  } while (after);
  return units;
}

/** The administrative tree within the user's scope, loaded a level at a time (district → street → community). */
export function UnitTree({
  selected,
  onSelect,
}: {
  selected: string | null;
  onSelect: (unit: Unit) => void;
}) {
  const t = useT();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setLoading(true);
    setError(null);
    childUnits(null).then(
      (roots) => {
        setNodes(roots.map(toNode));
        setLoading(false);
        if (roots[0] && !selected) onSelect(roots[0]);
      },
      (e: unknown) => {
        setError(e);
        setLoading(false);
      },
    );
    // The roots are the user's scope: loaded once.
  }, [tick]);

  return (
    <DataState loading={loading} error={error} empty={!nodes.length} onRetry={() => setTick((n) => n + 1)}>
      <nav aria-label={t('registry.tree')}>
        <Tree<Node>
          treeData={nodes}
          selectedKeys={selected ? [selected] : []}
          defaultExpandedKeys={nodes.map((n) => n.key)}
          onSelect={(_, info) => onSelect(info.node.unit)}
          loadData={async (node) => {
            if (node.children) return;
            const children = await childUnits(node.key);
            setNodes((current) => attach(current, node.key, children.map(toNode)));
          }}
          height={560}
        />
      </nav>
    </DataState>
  );
}
