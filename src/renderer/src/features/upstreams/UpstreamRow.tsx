import { useEffect, useRef, useState } from 'react';
import type {
  StationSnapshot,
  UpstreamSnapshot,
  UpstreamTestResult,
} from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { Switch } from '../../components/Switch';
import { runCommand } from '../../lib/run-command';
import { useStore } from '../../store';
import {
  CONFIG_LOCKED_REASON_ID,
  lockedProps,
  selectConfigLocked,
  selectThreshold,
} from '../../store/selectors';
import { BalanceMeta, CheckBalanceButton } from './BalanceMeta';
import { controlKey } from './control-key';
import { displayName, modelRulesSummary } from './describe';
import { NextPill, whyLines } from './NextWhy';
import { useRowDrag } from './row-drag';
import { rowNow } from './row-now';
import { statusConditions } from './status';
import { TestResult } from './TestResult';
import { useLocale, useT } from '../../lib/i18n';
import { translateRef, type Translate } from '../../../../shared/i18n';

interface RowProps {
  station: StationSnapshot;
  upstream: UpstreamSnapshot;
  count: number;
  onMove(u: UpstreamSnapshot, toIndex: number): void;
  onEdit(u: UpstreamSnapshot): void;
  onDelete(u: UpstreamSnapshot): void;
}

export function UpstreamRow({ station, upstream: u, count, onMove, onEdit, onDelete }: RowProps) {
  const service = useStore((s) => s.service);
  const now = useStore(rowNow(u, station));
  const threshold = useStore(selectThreshold);
  const locked = useStore(selectConfigLocked);
  // Sharing on (docs/behaviour.md §11.1): an untagged upstream is left out of it.
  const sharing = useStore((s) => (s.snapshot?.shared.status ?? 'off') !== 'off');
  const t = useT();
  const locale = useLocale();
  const [test, setTest] = useState<UpstreamTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [whyOpen, setWhyOpen] = useState(false);
  const drag = useRowDrag(station, u, onMove);
  const moveFocus = useKeepMoveFocus(u.index);

  const ref = { service, station: station.name, id: u.id };
  const key = (control: string) => controlKey(service, station.name, u.id, control);
  const isNext = station.nextPick.index === u.index;
  const rules = modelRulesSummary(u);
  // A fresher result from "Test all" (in the snapshot) wins over this row's own last click.
  const shownTest = u.lastTest && (!test || u.lastTest.at >= test.at) ? u.lastTest : test;
  const why = isNext ? whyLines(station, now, t, locale) : [];
  const whyId = `${service}-${station.name}-${u.id}-why`;
  const fixId = `${u.id}-key-fix`;

  async function runTest() {
    setTesting(true);
    const at = Date.now();
    const result = await runCommand(key('test'), 'testUpstream', ref);
    setTesting(false);
    if (result) setTest({ ...result, at });
  }

  const classes = ['upstream', ...drag.classes];
  if (!u.enabled) classes.push('is-disabled');

  return (
    <li className={classes.join(' ')} {...drag.target}>
      <div className="upstream-main">
        <span className="drag-handle" title={t('up.dragToReorder')} {...drag.handle}>
          ⠿
        </span>
        <span className="upstream-index">{u.index + 1}</span>
        <div className="upstream-id">
          <div className="upstream-title">
            <strong title={u.id}>{displayName(u)}</strong>
            {u.alias?.trim() ? <span className="mono host">{u.host}</span> : null}
            {u.sticky ? <span className="pill pill-good">{t('up.lastGood')}</span> : null}
            {isNext ? (
              <NextPill
                lines={why}
                open={whyOpen}
                controls={whyId}
                onToggle={() => setWhyOpen((o) => !o)}
              />
            ) : null}
          </div>
          <div className="upstream-meta">
            <span className="mono" title={t('up.keySource')}>
              {u.authSource === 'client' || u.authSource === 'inline'
                ? t(`up.auth.${u.authSource}`)
                : u.authSource}
            </span>
            {u.keyFromShell ? <span className="muted">{t('app.fromShell')}</span> : null}
            {rules ? <span className="mono rules">{rules}</span> : null}
            {sharing && !u.tagged ? <span className="muted">{t('up.notShared')}</span> : null}
            <span title={t('up.requestsTitle')}>
              {requestCount(u.stats.requests, u.stats.failures, t)}
            </span>
            <BalanceMeta u={u} />
            {shownTest ? <TestResult result={shownTest} /> : null}
          </div>
        </div>
        <div className="upstream-status" aria-label={t('up.status')}>
          {statusConditions(u, threshold, now, t, locale).map((c) => (
            <span key={c.kind} className={`pill pill-${c.kind}`}>
              {c.text}
            </span>
          ))}
        </div>
      </div>
      {u.authProblem ? (
        <div className="row-note row-note-bad" id={fixId}>
          {t('up.keyMissingFix', {
            problem: translateRef(t, u.authProblemMessage, u.authProblem),
          })}
        </div>
      ) : null}
      {whyOpen && why.length > 0 ? (
        // Not a list: nested list items would read as extra rows of the "Upstreams" list.
        <div className="next-why-body" id={whyId}>
          {why.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      ) : null}
      {u.usageExhausted && u.exhaustedReason ? (
        <div className="exhausted-reason" id={`${u.id}-exhausted-reason`}>
          {t('up.exhaustedBecause', {
            // Set by hand or by a balance under its threshold, the reason is the app's own phrase
            // (translated); a quota error's reason is the relay's own text, shown as it is.
            reason:
              u.exhaustedBy === 'user'
                ? t('up.exhaustedByHand')
                : translateRef(t, u.exhaustedMessage, u.exhaustedReason),
          })}
        </div>
      ) : null}
      <div className="upstream-controls">
        <Switch
          label={t('up.usageExhausted')}
          checked={u.usageExhausted}
          describedBy={u.exhaustedReason ? `${u.id}-exhausted-reason` : undefined}
          onChange={(exhausted) =>
            void runCommand(key('exhausted'), 'setUpstreamExhausted', { ...ref, exhausted })
          }
        />
        <Switch
          label={t('up.enabled')}
          checked={u.enabled}
          disabled={locked}
          describedBy={locked ? CONFIG_LOCKED_REASON_ID : undefined}
          onChange={(enabled) =>
            void runCommand(key('enabled'), 'setUpstreamEnabled', { ...ref, enabled })
          }
        />
        <span className="spacer" />
        <button
          type="button"
          ref={moveFocus.up}
          disabled={u.index === 0}
          {...lockedProps(locked)}
          onClick={() => {
            moveFocus.moved('up');
            onMove(u, u.index - 1);
          }}
        >
          {t('up.moveUp')}
        </button>
        <button
          type="button"
          ref={moveFocus.down}
          disabled={u.index >= count - 1}
          {...lockedProps(locked)}
          onClick={() => {
            moveFocus.moved('down');
            onMove(u, u.index + 1);
          }}
        >
          {t('up.moveDown')}
        </button>
        <button
          type="button"
          aria-describedby={u.authProblem ? fixId : undefined}
          {...lockedProps(locked)}
          onClick={() => onEdit(u)}
        >
          {t('up.edit')}
        </button>
        {u.balanceSource ? <CheckBalanceButton target={ref} errorKey={key('balance')} /> : null}
        <button type="button" disabled={testing} onClick={() => void runTest()}>
          {t('up.test')}
        </button>
        <button type="button" onClick={() => void runCommand(key('reset'), 'resetUpstream', ref)}>
          {t('up.reset')}
        </button>
        <button
          type="button"
          className="danger-text"
          {...lockedProps(locked)}
          onClick={() => onDelete(u)}
        >
          {t('up.delete')}
        </button>
      </div>
      {['exhausted', 'enabled', 'move', 'test', 'reset', 'balance'].map((c) => (
        <ControlError key={c} errorKey={key(c)} />
      ))}
    </li>
  );
}

function requestCount(requests: number, failures: number, t: Translate): string {
  const sent = t('up.requests', { count: requests });
  return failures > 0 ? t('up.requestsFailed', { sent, failures }) : sent;
}

/**
 * Keeps keyboard focus on the row after Move up/down: the row is re-inserted in its new place, and
 * at the top or bottom the pressed button turns disabled, either of which drops focus to the page.
 */
function useKeepMoveFocus(index: number) {
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  const pending = useRef<'up' | 'down' | null>(null);
  useEffect(() => {
    const wanted = pending.current;
    if (!wanted) return;
    pending.current = null;
    const first = wanted === 'up' ? up.current : down.current;
    const other = wanted === 'up' ? down.current : up.current;
    const target = first && !first.disabled ? first : other;
    target?.focus();
  }, [index]);
  return {
    up,
    down,
    moved: (dir: 'up' | 'down') => {
      pending.current = dir;
    },
  };
}
