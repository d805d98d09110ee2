// The reports' charts: Apache ECharts in the page's language (its Vietnamese locale is registered by
// lang-vi.js), drawn from the figures the page also shows in the table beside each chart.
(function () {
  var locale = document.documentElement.lang === 'vi' ? 'VI' : 'EN';
  var colours = ['#8a1c1c', '#0b4f8a'];
  document.querySelectorAll('[data-chart]').forEach(function (element) {
    var figures = JSON.parse(element.dataset.chart);
    var chart = echarts.init(element, null, { locale: locale, renderer: 'canvas' });
    var categories = { type: 'category', data: figures.categories, axisLabel: { color: '#1b1b1b' } };
    var values = { type: 'value', minInterval: 1, axisLabel: { color: '#1b1b1b' } };
    chart.setOption({
      color: colours,
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#1b1b1b' } },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: figures.horizontal ? values : categories,
      yAxis: figures.horizontal ? Object.assign({ inverse: true }, categories) : values,
      series: figures.series.map(function (s) { return { name: s.name, type: 'bar', data: s.data }; })
    });
    window.addEventListener('resize', function () { chart.resize(); });
    element.dataset.drawn = 'true';
  });
})();
