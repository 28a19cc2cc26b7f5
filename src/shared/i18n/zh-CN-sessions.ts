// 简体中文: the Sessions view.
import type { enSessions } from './en-sessions';
import type { Message } from './types';

export const zhSessions: Readonly<Record<keyof typeof enSessions, Message>> = {
  'ses.view': '会话',
  'ses.reading': '正在读取会话…',
  'ses.count': { other: '{count} 个会话' },
  'ses.refresh': '刷新',
  'ses.none': '在 {service} 的会话文件夹中没有找到会话。',
  'ses.showMore': '显示更多',
  'ses.noMessage': '（还没有消息）',
  'ses.unknownFolder': '未知文件夹',
  'ses.unknownModel': '未知模型',
  'ses.lastActive': '最后活动 {time}',
  'ses.id': 'ID {id}',
  'ses.servedBy': '服务方：{who}',
  'ses.tokens': '{count} 个令牌',
  'ses.pinnedTo': '已固定到 {name}',
  'ses.boundTo': '绑定到 {name}',
  'ses.notBound': '未绑定到上游',
  'ses.notFirst': '不在第一个上游',
  'ses.copyResume': '复制恢复命令',
  'ses.upstream': '上游',
  'ses.pin': '固定',
  'ses.pinTo': '固定到…',
  'ses.unpin': '取消固定',
  'ses.copied': '已复制：{command}',
  'ses.copyFailed': '无法复制；命令是：{command}',
  'ses.turns': { other: '{count} 轮' },
  'ses.turnsCapped': '{count}+ 轮',
  'ses.removedUpstream': '{station} 中已删除的上游',
  'ses.noRequests': '没有经过此代理的请求',
};
