import { AdwMonitorCard } from './components/AdwMonitorCard';
import { PlannedFeaturesPanel } from './components/PlannedFeaturesPanel';
import { QueuePanel } from './components/QueuePanel';
import { RoutesTable } from './components/RoutesTable';
import { SystemStatusPanel } from './components/SystemStatusPanel';
import { WebhookStatusPanel } from './components/WebhookStatusPanel';
import { WorkflowHistoryPanel } from './components/WorkflowHistoryPanel';
import { WorkflowList } from './components/WorkflowList';

export default function App() {
  return (
    <div className="layout">
      <aside className="sidebar">
        <SystemStatusPanel />
        <WebhookStatusPanel />
      </aside>
      <main className="content">
        <WorkflowList />
        <AdwMonitorCard />
        <QueuePanel />
        <PlannedFeaturesPanel />
        <WorkflowHistoryPanel />
        <RoutesTable />
      </main>
    </div>
  );
}
