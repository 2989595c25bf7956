/// The pages' inline stylesheet and script (sortable tables, error filter).
enum ReportAssets {
    static let css = """
    body{font:14px/1.4 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
    header{background:#1d2b4a;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}
    .sub{margin:4px 0 0;color:#c8d2e6;font-size:13px}
    main{padding:12px 28px 40px;max-width:1340px}
    section{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:12px 18px;margin:14px 0}
    h2{font-size:17px;margin:2px 0 8px}.note{color:#5b6475;margin:0 0 8px;font-size:12.5px}
    .cards{display:flex;flex-wrap:wrap;gap:10px}
    .card{border:1px solid #dde1e8;border-radius:6px;padding:8px 14px;min-width:130px}
    .card .v{font-size:21px;font-weight:600}.card .k{color:#5b6475;font-size:12px}
    table{border-collapse:collapse;font-size:12.5px}th,td{padding:3px 8px;border-bottom:1px solid #eceef2;text-align:left}
    th{background:#f0f2f6;position:sticky;top:0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
    table.sortable th{cursor:pointer;user-select:none}table.sortable th:hover{background:#e1e6ef}
    th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
    .scroll{max-height:460px;overflow:auto;border:1px solid #eceef2}
    .charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}.chart{flex:0 0 auto}
    svg text{font-family:inherit;fill:#1d2330}.bad{color:#b3261e}.good{color:#1b7f3b}
    .controls{margin:0 0 8px}select,input{font:inherit;padding:2px 4px}
    """

    // Plain ES5-style DOM code: runs in any browser, nothing to load.
    static let script = """
    (function(){
    function key(td){var v=td.getAttribute('data-v');if(v!==null){var f=parseFloat(v);return isNaN(f)?v:f;}return td.textContent.toLowerCase();}
    var tables=document.querySelectorAll('table.sortable');
    for(var t=0;t<tables.length;t++){(function(table){
    var ths=table.querySelectorAll('th');
    for(var i=0;i<ths.length;i++){(function(th,col){th.addEventListener('click',function(){
    var desc=!th.classList.contains('desc');
    for(var j=0;j<ths.length;j++){ths[j].classList.remove('asc','desc');}
    th.classList.add(desc?'desc':'asc');
    var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);var c=x<y?-1:(x>y?1:0);return desc?-c:c;});
    for(var r=0;r<rows.length;r++){body.appendChild(rows[r]);}
    });})(ths[i],i);}
    })(tables[t]);}
    var filter=document.getElementById('error-filter');
    if(filter){filter.addEventListener('change',function(){
    var want=filter.value;var rows=document.querySelectorAll('#error-table tbody tr');var shown=0;
    for(var i=0;i<rows.length;i++){var r=rows[i];
    var ok=want===''||r.getAttribute('data-gold')===want||r.getAttribute('data-predicted')===want;
    r.style.display=ok?'':'none';if(ok){shown++;}}
    var count=document.getElementById('error-count');if(count){count.textContent=shown+' shown';}
    });}
    })();
    """
}
