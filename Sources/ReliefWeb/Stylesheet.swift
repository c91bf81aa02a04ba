/// The one stylesheet (served from /static/relief.css; the CSP allows no inline style).
/// Readable on a tablet: one column under 760 px, tables scroll inside their box, and print
/// drops the navigation and forms.
enum Stylesheet {
    static let css = """
    :root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #2f6f8f; --bad: #a61b1b; --good: #1d6b3a; --bg: #f7f9fb; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 "DejaVu Sans", "Noto Sans", system-ui, sans-serif; color: var(--ink); background: var(--bg); }
    header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
    .brand { font-weight: 700; font-size: 1.2rem; color: var(--accent); text-decoration: none; }
    nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
    header nav { display: flex; flex-wrap: wrap; flex: 1; align-items: center; justify-content: space-between; gap: .5rem; }
    nav a { color: var(--ink); text-decoration: none; padding: .2rem 0; }
    nav a[aria-current="page"] { border-bottom: 2px solid var(--accent); font-weight: 600; }
    .signout { display: flex; align-items: center; gap: .5rem; margin: 0; }
    .who { color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
    main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
    h1 { font-size: 1.6rem; margin: .6rem 0; overflow-wrap: anywhere; }
    h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
    h3 { font-size: 1.05rem; margin-top: 1.4rem; }
    p, li, dd, dt { overflow-wrap: anywhere; }
    td { overflow-wrap: break-word; }
    th { white-space: nowrap; }
    a { color: var(--accent); }
    .note { color: var(--muted); font-size: .9rem; }
    .error { color: var(--bad); }
    .crumbs { color: var(--muted); font-size: .9rem; margin: 0; }
    .button, button { display: inline-block; padding: .45rem .9rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff; font: inherit; text-decoration: none; cursor: pointer; }
    button[disabled] { opacity: .5; cursor: default; }
    .signout button { background: #fff; color: var(--accent); padding: .2rem .6rem; }
    form.filters, form.upload, form.account, .signin form { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .5rem .8rem; align-items: center; background: #fff; border: 1px solid var(--line); padding: .8rem; border-radius: 6px; margin: .8rem 0; }
    form.filters button, form.upload button, form.account button, .signin button, form .check { grid-column: 1 / -1; justify-self: start; }
    input, select { font: inherit; padding: .3rem .4rem; border: 1px solid #9aa5b1; border-radius: 4px; min-width: 0; max-width: 100%; }
    .signin { max-width: 26rem; margin: 3rem auto; }
    .scroll { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; min-width: 100%; background: #fff; margin: .5rem 0 1rem; font-size: .92rem; }
    th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { background: #eef2f6; font-weight: 600; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .flag { color: var(--bad); font-weight: 600; white-space: nowrap; }
    dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .6rem; margin: .8rem 0; }
    .figure { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .7rem; }
    .figure dt { color: var(--muted); font-size: .85rem; }
    .figure dd { margin: 0; }
    .figure .value { font-size: 1.35rem; font-weight: 600; }
    .figure .detail { color: var(--muted); font-size: .85rem; }
    .figure.better .value { color: var(--good); }
    .figure.worse .value { color: var(--bad); }
    figure { margin: 1rem 0; text-align: center; }
    img.chart, svg.chart { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); }
    svg.chart a rect { fill: transparent; cursor: pointer; }
    svg.chart a:hover rect, svg.chart a:focus rect { fill: rgba(47, 111, 143, 0.12); stroke: var(--accent); stroke-width: 0.6; }
    .pair { display: flex; flex-wrap: wrap; gap: 1rem; }
    .pair figure { flex: 1 1 20rem; }
    nav.months ul { gap: .3rem .8rem; margin: .5rem 0 1rem; }
    nav.months a { color: var(--accent); }
    progress { width: 100%; height: 1.2rem; }
    .actions { display: flex; flex-wrap: wrap; gap: .6rem; }
    @media (min-width: 900px) {
      form.filters { grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); }
    }
    @media (max-width: 760px) {
      form.filters, form.upload, form.account, .signin form { grid-template-columns: minmax(0, 1fr); }
      main { padding: .6rem .7rem 2rem; }
      h1 { font-size: 1.35rem; }
    }
    @media print {
      header.top, form, .actions, nav.months, .crumbs { display: none; }
      h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
      body { background: #fff; }
      main { max-width: none; padding: 0; }
      a { color: inherit; text-decoration: none; }
      figure, table, dl.figures { break-inside: avoid; }
    }
    """
}
