import { useState } from 'react';
import type { TestUpstreamResult } from '../../../../shared/contract';
import type { StationSnapshot, UpstreamSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { Switch } from '../../components/Switch';
import { runCommand } from '../../lib/run-command';
import { useStore } from '../../store';
import { selectThreshold } from '../../store/selectors';
import { displayName, modelRulesSummary, testSummary } from './describe';
import { controlKey } from './control-key';
import { explainSkips, statusConditions } from './status';

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
  const now = useStore((s) => s.now);
  const threshold = useStore(selectThreshold);
  const dropHere = useStore((s) => s.drag !== null && s.drag.overIndex === u.index);
  const dragging = useStore((s) => s.drag?.id === u.id);
  const [test, setTest] = useState<TestUpstreamResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [whyOpen, setWhyOpen] = useState(false);

  const ref = { service, station: station.name, id: u.id };
  const key = (control: string) => controlKey(service, station.name, u.id, control);
  const name = displayName(u);
  const isNext = station.nextPick.index === u.index;
  const rules = modelRulesSummary(u);
  const shownTest = test ?? u.lastTest;
  const why = isNext ? skipLines(station) : [];
  const whyId = `${service}-${station.name}-${u.id}-why`;

  async function runTest() {
    setTesting(true);
    const result = await runCommand(key('test'), 'testUpstream', ref);
    setTesting(false);
    if (result) setTest(result);
  }

  const onDragStart = (e: React.DragEvent) => {
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', u.id);
    useStore.getState().setDrag({ ...ref, fromIndex: u.index, overIndex: null });
  };
  const onDragOver = (e: React.DragEvent) => {
    const drag = useStore.getState().drag;
    if (!drag || drag.station !== station.name || drag.service !== service) return;
    e.preventDefault();
    if (drag.overIndex !== u.index) useStore.getState().setDrag({ ...drag, overIndex: u.index });
  };
  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const drag = useStore.getState().drag;
    useStore.getState().setDrag(null);
    if (!drag || drag.fromIndex === u.index) return;
    const moving = station.upstreams.find((x) => x.id === drag.id);
    if (moving) onMove(moving, u.index);
  };

  const classes = ['upstream'];
  if (!u.enabled) classes.push('is-disabled');
  if (dropHere) classes.push('drop-target');
  if (dragging) classes.push('dragging');

  return (
    <li
      className={classes.join(' ')}
      draggable
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onDragEnd={() => useStore.getState().setDrag(null)}
    >
      <div className="upstream-main">
        <span className="drag-handle" aria-hidden="true" title="Drag to reorder">
          ⠿
        </span>
        <span className="upstream-index">{u.index + 1}</span>
        <div className="upstream-id">
          <div className="upstream-title">
            <strong>{name}</strong>
            {u.alias?.trim() ? <span className="mono host">{u.host}</span> : null}
            {u.sticky ? <span className="pill pill-good">Last good</span> : null}
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
            <span className="mono" title="Authentication source">
              {u.authSource}
            </span>
            {u.authProblem ? <span className="pill pill-warn">⚠ {u.authProblem}</span> : null}
            {rules ? <span className="mono rules">{rules}</span> : null}
            <span className="muted">
              {u.stats.requests} req · {u.stats.failures} failed
              {u.stats.lastLatencyMs !== null ? ` · ${Math.round(u.stats.lastLatencyMs)} ms` : ''}
            </span>
            {shownTest ? (
              <span className={shownTest.ok ? 'test-ok' : 'test-bad'}>
                {testSummary(shownTest)}
              </span>
            ) : null}
          </div>
        </div>
        <div className="upstream-status" aria-label="Status">
          {statusConditions(u, threshold, now).map((c) => (
            <span key={c.kind} className={`pill pill-${c.kind}`}>
              {c.text}
            </span>
          ))}
        </div>
      </div>
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
          Exhausted: {u.exhaustedReason}
        </div>
      ) : null}
      <div className="upstream-controls">
        <Switch
          label="Usage exhausted"
          checked={u.usageExhausted}
          describedBy={u.exhaustedReason ? `${u.id}-exhausted-reason` : undefined}
          onChange={(exhausted) =>
            void runCommand(key('exhausted'), 'setUpstreamExhausted', { ...ref, exhausted })
          }
        />
        <Switch
          label="Enabled"
          checked={u.enabled}
          onChange={(enabled) =>
            void runCommand(key('enabled'), 'setUpstreamEnabled', { ...ref, enabled })
          }
        />
        <span className="spacer" />
        <button type="button" disabled={u.index === 0} onClick={() => onMove(u, u.index - 1)}>
          Move up
        </button>
        <button
          type="button"
          disabled={u.index >= count - 1}
          onClick={() => onMove(u, u.index + 1)}
        >
          Move down
        </button>
        <button type="button" onClick={() => onEdit(u)}>
          Edit
        </button>
        <button type="button" disabled={testing} onClick={() => void runTest()}>
          Test
        </button>
        <button type="button" onClick={() => void runCommand(key('reset'), 'resetUpstream', ref)}>
          Reset
        </button>
        <button type="button" className="danger-text" onClick={() => onDelete(u)}>
          Delete
        </button>
      </div>
      {['exhausted', 'enabled', 'move', 'test', 'reset'].map((c) => (
        <ControlError key={c} errorKey={key(c)} />
      ))}
    </li>
  );
}

function skipLines(station: StationSnapshot): string[] {
  const nameAt = (i: number) => {
    const u = station.upstreams[i];
    return u ? displayName(u) : `upstream ${i + 1}`;
  };
  return explainSkips(station.nextPick.skipped, nameAt).map((line) => `Skipped ${line}`);
}

/** "Next", plus a toggle (and a hover title) explaining why earlier upstreams are passed over. */
function NextPill(props: { lines: string[]; open: boolean; controls: string; onToggle(): void }) {
  const { lines, open, controls, onToggle } = props;
  if (lines.length === 0) return <span className="pill pill-next">Next</span>;
  return (
    <button
      type="button"
      className="next-why"
      aria-expanded={open}
      aria-controls={open ? controls : undefined}
      title={lines.join('\n')}
      onClick={onToggle}
    >
      <span className="pill pill-next">Next</span>
      <span className="why-label">why?</span>
    </button>
  );
}
