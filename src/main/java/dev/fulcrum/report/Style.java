package dev.fulcrum.report;

/** The report's inline stylesheet (no web fonts, no external resources). */
final class Style {
    static final String CSS = """
            body{font:14px/1.45 "DejaVu Sans",Arial,sans-serif;color:#222;margin:24px auto;max-width:1280px;padding:0 16px}
            h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
            h3{font-size:15px;margin:8px 0}
            table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px}
            thead th{background:#f3f5f8}table.num td{text-align:right}table.num td:first-child{text-align:left}
            table.kv th{text-align:left;background:#f3f5f8;font-weight:normal;width:180px}
            table.mono td{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
            tr.best td{background:#fff6d5;font-weight:bold}
            .cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 12px}
            .card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:140px;background:#fafbfc}
            .card .v{font-size:20px;font-weight:bold}.card .l{color:#555;font-size:12px}
            .plots{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}img{border:1px solid #eee;max-width:100%;height:auto}
            .cms{display:flex;flex-wrap:wrap;gap:40px}
            table.cm td{width:130px;height:44px;text-align:center;font-size:16px}table.cm th{background:#f3f5f8}
            td.ok{background:#e6f4ea}td.bad{background:#fdecea}
            .note{color:#555;font-size:12px}.small{font-size:13px}
            footer{margin-top:32px;color:#888;font-size:12px}
            """;

    private Style() {
    }
}
