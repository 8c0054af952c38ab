import { Col, Row } from 'antd';
import { useAuth } from '../../auth/auth-context';
import { useI18n } from '../../i18n/i18n';
import { IN_HAND_STATES } from '../dispatch/desk-query';
import { HomeTitle } from './HomeTitle';
import { WorkList } from './WorkList';

/** 部门承办: cases waiting to be accepted, and cases in hand (the desk's 办理中), each by time left. */
export default function HandlerHome() {
  const { t } = useI18n();
  const { identity } = useAuth();
  const department = identity?.department ?? undefined;
  return (
    <>
      <HomeTitle title={t('home.handler')} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xxl={12}>
          <WorkList title={t('home.toAccept')} query={{ state: 'dispatched', department }} />
        </Col>
        <Col xs={24} xxl={12}>
          <WorkList title={t('home.inHand')} query={{ state: IN_HAND_STATES, department }} />
        </Col>
      </Row>
    </>
  );
}
