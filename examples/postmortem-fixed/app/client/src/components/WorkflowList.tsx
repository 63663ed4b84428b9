import { useWorkflowsWebSocket } from '../hooks/useWebSocket';
import { ConnectionBadge } from './ConnectionBadge';

export function WorkflowList() {
  const { data: workflows = [], isConnected } = useWorkflowsWebSocket();

  return (
    <section className="panel">
      <header className="panel-header">
        <h2>Active workflows</h2>
        <ConnectionBadge isConnected={isConnected} />
      </header>
      {workflows.length === 0 ? (
        <p className="empty">No workflows running.</p>
      ) : (
        <ul className="workflow-list">
          {workflows.map((wf) => (
            <li key={wf.adw_id}>
              <strong>{wf.workflow}</strong>
              {wf.issue_number !== null && <span className="issue">#{wf.issue_number}</span>}
              <span className={`status status-${wf.status}`}>{wf.phase ?? wf.status}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
