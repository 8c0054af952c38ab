import { Col, Row } from 'antd';
import { useAuth } from '../../auth/auth-context';
import { useI18n } from '../../i18n/i18n';
import { HomeTitle } from './HomeTitle';
import { WorkList } from './WorkList';

/** 部门承办: cases waiting to be accepted, and cases in hand, each sorted by time left. */
export default function HandlerHome() {
  const { t } = useI18n();
  const { identity } = useAuth();
  const department = identity?.department ?? undefined;
  return (
    <>
      <HomeTitle title={t('home.handler')} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xxl={12}>
          <WorkList title={t('home.toAccept')} queries={[{ state: 'dispatched', department }]} />
        </Col>
        <Col xs={24} xxl={12}>
          <WorkList
            title={t('home.inHand')}
            queries={[
              { state: 'accepted', department },
              { state: 'in_progress', department },
            ]}
          />
        </Col>
      </Row>
    </>
  );
}
