import { Button, Col, Row } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { HomeTitle } from './HomeTitle';
import { WorkList } from './WorkList';

/** 街道派单: the queue to register and dispatch (returns to rule on), overdue and warning first. */
export default function DispatcherHome() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <>
      <HomeTitle
        title={t('home.dispatcher')}
        extra={<Button onClick={() => void navigate('/dispatch')}>{t('nav.dispatch')}</Button>}
      />
      <Row gutter={[12, 12]}>
        <Col span={24}>
          <WorkList title={t('home.queue')} pageSize={10} query={{ state: 'reported,registered,returned' }} />
        </Col>
        <Col span={24}>
          <WorkList title={t('home.overdueInScope')} query={{ open: 'true', overdue: 'true' }} />
        </Col>
      </Row>
    </>
  );
}
