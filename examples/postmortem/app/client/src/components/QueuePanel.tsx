import { useQueueWebSocket } from '../hooks/useWebSocket';

export function QueuePanel() {
  const { data: queue } = useQueueWebSocket();
  const items = queue?.items ?? [];

  return (
    <section className="panel">
      <h2>
        Queue {queue?.paused && <span className="badge badge-warning">paused</span>}
      </h2>
      {items.length === 0 ? (
        <p className="empty">Queue is empty.</p>
      ) : (
        <ol className="queue">
          {items.map((item) => (
            <li key={item.id}>
              <span className="issue">#{item.issue_number}</span> {item.title}
              <span className={`status status-${item.status}`}>{item.status}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
