import { useWebhookStatusWebSocket } from '../hooks/useWebSocket';

export function WebhookStatusPanel() {
  const { data: webhook } = useWebhookStatusWebSocket();

  if (!webhook) return null;

  return (
    <section className="panel">
      <h2>GitHub webhook</h2>
      <dl>
        <dt>Status</dt>
        <dd className={`status status-${webhook.status}`}>{webhook.status}</dd>
        <dt>Last delivery</dt>
        <dd>{webhook.last_delivery ? new Date(webhook.last_delivery).toLocaleTimeString() : 'never'}</dd>
        <dt>Today</dt>
        <dd>
          {webhook.deliveries_today} delivered, {webhook.failures_today} failed
        </dd>
      </dl>
    </section>
  );
}
