import { useWorkflowHistoryWebSocket } from '../hooks/useWebSocket';

function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m ${seconds % 60}s` : `${seconds}s`;
}

export function WorkflowHistoryPanel() {
  const { data: history } = useWorkflowHistoryWebSocket();

  if (!history) return <section className="panel loading">Loading history…</section>;

  return (
    <section className="panel">
      <h2>History ({history.total})</h2>
      <ol className="history">
        {history.items.map((item) => (
          <li key={item.adw_id} className={item.status === 'failed' ? 'failed' : undefined}>
            <span>{item.workflow}</span>
            <span>{formatDuration(item.duration_seconds)}</span>
            <time>{item.finished_at ? new Date(item.finished_at).toLocaleString() : ''}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
