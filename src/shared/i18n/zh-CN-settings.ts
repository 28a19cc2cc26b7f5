// 简体中文: the Settings view.
import type { enSettings } from './en-settings';
import type { Message } from './types';

export const zhSettings: Readonly<Record<keyof typeof enSettings, Message>> = {
  'set.field.codexPort': 'Codex 端口',
  'set.hint.codexPort': 'Codex 在本机发送请求的端口。',
  'set.field.claudePort': 'Claude 端口',
  'set.hint.claudePort': 'Claude Code 在本机发送请求的端口。',
  'set.field.streamIdleTimeoutSecs': '流空闲超时（秒）',
  'set.hint.streamIdleTimeoutSecs': '流式应答静默超过这么久就会被切断，并记为一次失败。',
  'set.field.failureThreshold': '失败阈值',
  'set.hint.failureThreshold': '连续失败多少次后，上游会按失败冷却时间暂停使用。',
  'set.field.failureCooldownSecs': '失败冷却（秒）',
  'set.hint.failureCooldownSecs': '上游达到失败阈值后暂停的时长。',
  'set.field.transportCooldownSecs': '传输冷却（秒）',
  'set.hint.transportCooldownSecs':
    '请求从某个上游转走后（无法连接、超时、流中断、429 或 5xx、额度用尽），该上游立即暂停的时长。',
  'set.field.cooldownBackoffFactor': '冷却退避倍数',
  'set.hint.cooldownBackoffFactor': '每次连续冷却的时长是上一次的这么多倍（1 表示保持不变）。',
  'set.field.cooldownBackoffMaxSecs': '冷却退避上限（秒）',
  'set.hint.cooldownBackoffMaxSecs': '不断增长的冷却时长的上限。',
  'set.field.returnToPreferredSecs': '回到首选（秒）',
  'set.hint.returnToPreferredSecs':
    '故障转移把新会话移走这么久之后，新会话回到第一个上游；0 表示留在上次成功的上游。',
  'set.field.sessionAffinityTtlSecs': '会话亲和时长（秒）',
  'set.hint.sessionAffinityTtlSecs': '会话最后一次请求之后，仍绑定在其上游上的时长。',
  'set.profile.balanced': '遇到 429 或 5xx 时在同一上游再试一次，然后转到下一个。',
  'set.profile.same-upstream': '在同一上游最多重试 3 次，从不转到其他上游。',
  'set.profile.aggressive-failover': '快速转移，一个请求最多尝试 3 个上游。',
  'set.profile.cost-primary':
    '尝试 2 个上游；失败的上游每次暂停的时间加倍（最多 15 分钟），因此流量会回到第一个上游。',
  'set.unknownProfile': '未知的重试策略“{profile}”',
  'set.wholeNumber': '{label}必须是 {min} 到 {max} 之间的整数',
  'set.differentPorts': 'Codex 和 Claude 需要使用不同的端口',
  'set.view': '设置视图',
  'set.files': '文件',
  'set.configPath': '配置：{path}',
  'set.logsPath': '日志：{path}',
  'set.saved': '设置已保存',
  'set.proxyAndRetry': '代理与重试',
  'set.retryProfile': '重试策略',
  'set.exhaustedFallback': '把额度用尽的上游作为最后手段',
  'set.exhaustedFallbackHint': '当所有上游的额度都已用尽时，仍然尝试其中一个，而不是拒绝请求。',
  'set.sessionAffinity': '会话亲和',
  'set.sessionAffinityHint': '让每个会话留在回答过它的上游上，使其提示缓存保持有效。',
  'set.hosts': '代理主机 {proxy}，控制台 {console}。',
  'set.save': '保存设置',
};
