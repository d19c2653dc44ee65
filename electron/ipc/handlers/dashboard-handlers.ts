import type { DashboardService } from '../../services/dashboard-service';
import type { HandlerGroup } from '../handler-types';

export function dashboardHandlers(dashboard: DashboardService): HandlerGroup<'dashboard.stats'> {
  return { 'dashboard.stats': (input) => dashboard.stats(input) };
}
