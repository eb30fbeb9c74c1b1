"""What every insight is built from: the evidence (KPI results, roster, end of the data),
windows, funnel figures, benchmarks, the noise tests, quota history and the phrases."""
