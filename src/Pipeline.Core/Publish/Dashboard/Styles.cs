namespace Pipeline.Publish.Dashboard;

/// <summary>
/// The dashboard's one stylesheet, inline. System fonts only (nothing is fetched). Colours keep text at 4.5:1 or
/// more (WCAG 2.1 AA) and are never the only signal: RAG and direction carry a word and a symbol. The print rules
/// fit A4 landscape, as committee papers are printed, and keep the colours.
/// </summary>
internal static class Styles
{
    public const string Css = """
        :root{--ink:#0b0c0c;--muted:#505a5f;--line:#b1b4b6;--pale:#f3f2f1;--link:#1d4f91;--green:#00703c;--amber:#ffdd00;--red:#a4161a;--band:#cce2d8}
        *{box-sizing:border-box}
        body{margin:0;padding:0 1.5rem 2rem;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.4;color:var(--ink);background:#fff}
        a{color:var(--link)}
        a:focus,[tabindex]:focus{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 5px var(--ink)}
        .skip{position:absolute;left:-9999px;top:0;background:#ffdd00;color:var(--ink);padding:.5rem}
        .skip:focus{left:1rem}
        .vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
        h1{font-size:1.8rem;margin:1rem 0 .25rem}
        h2{font-size:1.4rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--ink);padding-bottom:.2rem}
        h3{font-size:1.1rem;margin:1.25rem 0 .4rem}
        .lede{margin:.25rem 0 .25rem;font-size:1.05rem}
        .fresh{margin:0 0 .75rem;color:var(--muted)}
        .banner{background:#fbe9e9;border-left:6px solid var(--red);padding:.6rem 1rem}
        nav ul{list-style:none;margin:.5rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
        .key{background:var(--pale);padding:.5rem 1rem;font-size:.9rem}
        .key p{margin:.25rem 0}
        .scroll{overflow-x:auto;margin:.5rem 0 1rem}
        table{border-collapse:collapse;width:100%}
        caption{text-align:left;font-weight:bold;font-size:1.1rem;padding:.6rem 0 .3rem}
        th,td{border-bottom:1px solid var(--line);padding:.3rem .45rem;vertical-align:top;text-align:left}
        thead th{background:var(--pale);border-bottom:2px solid var(--ink);font-size:.85rem}
        tbody th{font-weight:normal}
        table.headline tbody th{min-width:13rem}
        .num{text-align:right;white-space:nowrap}
        thead th.num{white-space:normal}
        .rag-cell .basis{display:block}
        tr.total th,tr.total td{font-weight:bold;border-top:2px solid var(--ink)}
        .small,.basis{font-size:.8rem;color:var(--muted)}
        .novalue{color:var(--muted);font-style:italic}
        .unavail{color:var(--red);font-style:italic}
        .unavail-text{color:var(--red);font-style:italic}
        .partial{display:inline-block;font-size:.75rem;background:var(--pale);border:1px solid var(--muted);padding:0 .25rem;font-style:italic}
        .rag{display:inline-block;min-width:4.6rem;padding:.05rem .35rem;font-weight:bold;border:1px solid transparent;white-space:nowrap}
        .rag-green{background:var(--green);color:#fff}
        .rag-amber{background:var(--amber);color:var(--ink)}
        .rag-red{background:var(--red);color:#fff}
        .rag-none{color:var(--muted);border-color:var(--line);font-weight:normal}
        .dot{white-space:nowrap}
        .dot.good{color:var(--green);font-weight:bold}
        .dot.bad{color:var(--red);font-weight:bold}
        .sev-error{color:var(--red);font-weight:bold}
        ul.telling{padding-left:1.2rem}
        ul.telling li{margin:.3rem 0;max-width:70rem}
        .trends{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:.75rem}
        figure{margin:0;padding:.4rem .5rem;border:1px solid var(--line);break-inside:avoid}
        figcaption{font-size:.85rem;font-weight:bold;margin-bottom:.2rem}
        svg.trend{display:block;max-width:100%;height:auto}
        svg .line{fill:none;stroke:#1d70b8;stroke-width:2}
        svg .dot{fill:#1d70b8}
        svg .dot.last{fill:var(--ink)}
        svg .band{fill:var(--band)}
        svg .comparator{stroke:var(--muted);stroke-width:1.2;stroke-dasharray:4 3}
        svg text{font-family:Arial,Helvetica,sans-serif;font-size:10px;fill:var(--muted)}
        svg text.value{fill:var(--ink);font-weight:bold;font-size:11px}
        svg text.none{font-size:12px}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
        dl.facts dt{font-weight:bold}
        dl.facts dd{margin:0}
        dl.definitions dt{font-weight:bold;margin-top:.6rem}
        dl.definitions dd{margin:.1rem 0 0 0;font-size:.85rem;max-width:80rem}
        footer{margin-top:2rem;border-top:1px solid var(--line);font-size:.8rem;color:var(--muted)}
        @page{size:A4 landscape;margin:10mm}
        @media print{
          *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
          html{font-size:8.5pt}
          body{font-size:1rem;padding:0}
          nav,.skip{display:none}
          .scroll{overflow:visible}
          table.headline tbody th{min-width:0;width:24%}
          th,td{padding:.12rem .25rem}
          .rag{min-width:0}
          h2{break-before:page;font-size:13pt}
          #headline h2{break-before:auto}
          h2,h3,caption{break-after:avoid}
          tr,figure,li{break-inside:avoid}
          .trends{grid-template-columns:repeat(5,1fr);gap:.3rem}
          a{color:var(--ink);text-decoration:none}
        }
        """;
}
