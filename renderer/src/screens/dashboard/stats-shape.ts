/** The dashboard's statistics call lives in the contract; this module only re-exports its shapes. */
export {
  dashboardStatsInputSchema,
  dashboardStatsSchema,
  type DashboardStats,
  type DashboardStatsInput,
} from '../../../../shared/contract/dashboard';
