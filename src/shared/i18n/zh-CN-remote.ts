// 简体中文：窗口连接到另一个实例 (docs/behaviour.md §11.2)。
import type { Message } from './types';
import type { enRemote } from './en-remote';

export const zhRemote: Readonly<Record<keyof typeof enRemote, Message>> = {
  'remote.instance': '当前显示的实例',
  'remote.thisComputer': '本机',
  'remote.showing': '远程：{name}',
  'remote.connectTo': '连接到…',
  'remote.dialogTitle': '连接到另一个实例',
  'remote.hint':
    '粘贴 serve 打印的控制台 URL（令牌会从中读取），或单独填写令牌。令牌只保存在应用中，不会进入此页面。',
  'remote.url': '控制台 URL',
  'remote.token': '令牌',
  'remote.name': '名称（可选）',
  'remote.connect': '连接',
  'remote.connectingButton': '正在连接…',
  'remote.saved': '已记住的实例',
  'remote.show': '显示',
  'remote.forget': '忘记',
  'remote.backToLocal': '返回本机',
  'remote.close': '关闭',
  'remote.connecting': '正在连接 {name}…',
  'remote.disconnected':
    '与 {name} 的连接已断开（{error}）。正在显示它最后发送的状态（{age} 前）；{retry} 后重新连接。',
  'remote.status.connecting': '连接中',
  'remote.status.connected': '已连接',
  'remote.status.disconnected': '已断开',
};
