import { Alert, Descriptions, List, Tag, Typography } from 'antd';
import type { Grid } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { displayText } from '../../lib/display';
import { shortfallReasons, staffingOf, type Shortfall } from './staffing';

/** One grid: its type, staff by name and role, and — when short of its standard — what is missing. */
export function GridDetail({
  grid,
  typeName,
  shortfall,
}: {
  grid: Grid;
  typeName: (type: string) => string;
  shortfall: Shortfall | undefined;
}) {
  const { t } = useI18n();
  const s = staffingOf(grid);
  const staff = grid.staff.filter((m) => !m.until);
  return (
    <div aria-label={t('grid.detail')} role="region" style={{ marginTop: 8 }}>
      <Descriptions size="small" column={2} bordered title={displayText(grid.name)}>
        <Descriptions.Item label={t('grid.type')}>{typeName(grid.type)}</Descriptions.Item>
        <Descriptions.Item label={t('grid.staffing')}>
          {t('grid.staffingText', { head: s.head ? 1 : 0, full: s.fullTime, part: s.partTime })}
        </Descriptions.Item>
      </Descriptions>
      {shortfall && (
        <Alert
          style={{ marginTop: 6 }}
          type="warning"
          showIcon
          title={t('grid.belowStandard')}
          description={shortfallReasons(shortfall, t).join('；')}
        />
      )}
      <List
        size="small"
        header={<Typography.Text strong>{t('grid.staffList')}</Typography.Text>}
        dataSource={staff}
        locale={{ emptyText: t('grid.noStaff') }}
        renderItem={(m) => (
          <List.Item>
            <span>{displayText(m.name)}</span>
            <Tag>{t(`staffRole.${m.role}` as MessageKey)}</Tag>
          </List.Item>
        )}
      />
    </div>
  );
}
