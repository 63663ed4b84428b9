import { useAdwMonitorWebSocket } from '../hooks/useWebSocket';
import { ConnectionBadge } from './ConnectionBadge';

export function AdwMonitorCard() {
  const { data: monitor, isConnected } = useAdwMonitorWebSocket();

  return (
    <section className="panel">
      <header className="panel-header">
        <h2>ADW monitor</h2>
        <ConnectionBadge isConnected={isConnected} />
      </header>
      {monitor && (
        <>
          <dl className="counters">
            {Object.entries(monitor.summary).map(([status, count]) => (
              <div key={status}>
                <dt>{status}</dt>
                <dd>{count}</dd>
              </div>
            ))}
          </dl>
          {monitor.current.map((run) => (
            <div key={run.adw_id} className="progress-row">
              <span>{run.phase ?? 'starting'}</span>
              <progress max={100} value={run.progress} />
            </div>
          ))}
        </>
      )}
    </section>
  );
}
