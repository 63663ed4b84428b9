import { DeploysPanel } from './components/DeploysPanel';
import { MetricsPanel } from './components/MetricsPanel';

export function App() {
  return (
    <main>
      <h1>Release board</h1>
      <MetricsPanel />
      <DeploysPanel />
    </main>
  );
}
