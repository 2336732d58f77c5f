//! The demand engine at national volume: the synthetic "england" authority
//! (5 collection years, about 82,000 children in care, 550,000 episodes),
//! fitted on 2024-25 and projected 5 years day by day; then the projection and
//! a year of actual episodes costed.
//!
//! ```text
//! cargo bench --bench forecast
//! ```

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use sufficiency::cost::{cost_episodes, cost_projection, CostOptions, PriceBook};
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

    // Costing: the 5-year daily projection plus a year of actual episodes.
    let projection = model.project(None, 60, &Scenario::base()).unwrap();
    let book = PriceBook::from_synthetic(&la.prices).unwrap();
    let opts = CostOptions::default();
    let mut group = c.benchmark_group("cost");
    group.sample_size(20);
    group.bench_function("cost_projection_national_60_months", |b| {
        b.iter(|| cost_projection(&projection, &book).unwrap())
    });
    group.bench_function("cost_episodes_national_1_year", |b| {
        b.iter(|| cost_episodes(&la.dataset, d(2024, 4, 1), d(2025, 4, 1), &book, &[], &opts).unwrap())
    });
    group.bench_function("cost_projection_and_year_of_episodes_national", |b| {
        b.iter(|| {
            let past = cost_episodes(&la.dataset, d(2024, 4, 1), d(2025, 4, 1), &book, &[], &opts).unwrap();
            let future = cost_projection(&projection, &book).unwrap();
            past.join(&future)
        })
    });
    group.finish();
}

criterion_group!(benches, forecast_national);
criterion_main!(benches);
