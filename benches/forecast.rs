//! The demand engine at national volume: the synthetic "england" authority
//! (5 collection years, about 82,000 children in care, 550,000 episodes),
//! fitted on 2024-25 and projected 5 years day by day.
//!
//! ```text
//! cargo bench --bench forecast
//! ```

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use sufficiency::forecast::{DemandConfig, DemandModel, Scenario, Window};
use sufficiency::synth::{synthetic_authority, Profile};

fn forecast_national(c: &mut Criterion) {
    let la = synthetic_authority(&Profile::named("england").unwrap(), 0, 5).unwrap();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let window = Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap();
    let mut group = c.benchmark_group("forecast");
    group.sample_size(10);
    group.bench_function("fit_national", |b| {
        b.iter(|| DemandModel::fit(la.dataset.clone(), window, DemandConfig::standard()).unwrap())
    });
    let model = DemandModel::fit(la.dataset.clone(), window, DemandConfig::standard()).unwrap();
    group.bench_function("project_national_60_months_daily", |b| {
        b.iter(|| model.project(None, 60, &Scenario::base()).unwrap())
    });
    group.bench_function("fit_and_project_national", |b| {
        b.iter(|| {
            let m = DemandModel::fit(la.dataset.clone(), window, DemandConfig::standard()).unwrap();
            m.project(None, 60, &Scenario::base()).unwrap()
        })
    });
    group.bench_function("backtest_national_12_months", |b| b.iter(|| model.backtest(12).unwrap()));
    group.finish();
}

criterion_group!(benches, forecast_national);
criterion_main!(benches);
