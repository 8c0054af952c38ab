import { Button, Space, Table, Typography, type TableProps } from 'antd';
import { useT } from '../i18n/i18n';
import type { Column } from '../lib/export';
import type { KeysetList } from '../lib/use-keyset';
import { errorText } from './DataState';
import { ExportButtons } from './ExportButtons';

/** A table over a keyset-paged list: previous/next pages, loading/empty/error states, export. */
export function PagedTable<T extends object>({
  list,
  columns,
  exportName,
  exportColumns,
  rowKey,
  toolbar,
  ...rest
}: {
  list: KeysetList<T>;
  columns: TableProps<T>['columns'];
  exportName: string;
  exportColumns: Column<T>[];
  rowKey: TableProps<T>['rowKey'];
  toolbar?: React.ReactNode;
} & Omit<TableProps<T>, 'columns' | 'dataSource' | 'rowKey' | 'pagination' | 'loading'>) {
  const t = useT();
  return (
    <div>
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>{toolbar}</Space>
        <ExportButtons name={exportName} columns={exportColumns} rows={() => list.all()} />
      </Space>
      <Table<T>
        size="small"
        rowKey={rowKey}
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        locale={{
          emptyText: list.error ? (
            <Typography.Text type="danger" role="alert">
              {errorText(t, list.error)}{' '}
              <Button size="small" onClick={list.reload}>
                {t('state.retry')}
              </Button>
            </Typography.Text>
          ) : undefined,
        }}
        {...rest}
      />
      <Space style={{ marginTop: 8, justifyContent: 'flex-end', width: '100%' }}>
        {list.total !== undefined && (
          <Typography.Text type="secondary" data-total={list.total}>
            {t('list.total', { total: list.total })}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">{t('page.number', { page: list.pageIndex + 1 })}</Typography.Text>
        <Button size="small" disabled={list.pageIndex === 0 || list.loading} onClick={list.previous}>
          {t('page.previous')}
        </Button>
        <Button size="small" disabled={!list.hasNext || list.loading} onClick={list.next}>
          {t('page.next')}
        </Button>
      </Space>
    </div>
  );
}
