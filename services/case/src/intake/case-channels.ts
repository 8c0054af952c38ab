/** Intake channels (受理渠道). */
export const CASE_CHANNELS = [
  'home_visit', // 走访入户
  'street_patrol', // 街面巡查
  'petition', // 信访接待
  'video_patrol', // 视频巡逻
  'hotline_12345', // 12345 热线
  'phone', // 电话
  'mailbox', // 信箱
  'grid_worker', // 网格员上报
  'resident', // 居民自报
  'department_system', // 部门系统
  'iot_alert', // 物联感知
] as const;

export type CaseChannel = (typeof CASE_CHANNELS)[number];
