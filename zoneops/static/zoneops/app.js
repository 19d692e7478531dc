// ZoneOps page behaviour. No inline scripts anywhere (the CSP forbids them): pages mark
// elements with data- attributes and this file wires them up, also after htmx swaps.
(function () {
  "use strict";

  // <form data-autosubmit>: submit when a select or checkbox changes (filters).
  function autosubmit(root) {
    root.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      if (form.dataset.zoBound) return;
      form.dataset.zoBound = "1";
      form.addEventListener("change", function (event) {
        if (event.target.matches("select, input[type=checkbox], input[type=radio]")) {
          if (window.htmx && form.hasAttribute("hx-get")) {
            window.htmx.trigger(form, "submit");
          } else {
            form.requestSubmit();
          }
        }
      });
    });
  }

  // The site's one palette lives in app.css (--zo-chart-*): an option names its colours as
  // "var(--zo-chart-…)" and gets the stylesheet's value; a chart that names none takes the
  // series colours in order.
  var VAR = /^var\((--[a-z0-9-]+)\)$/;
  function cssValue(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }
  function resolveColours(value) {
    if (typeof value === "string") {
      var match = VAR.exec(value);
      return match ? cssValue(match[1]) || value : value;
    }
    if (Array.isArray(value)) return value.map(resolveColours);
    if (value && typeof value === "object") {
      Object.keys(value).forEach(function (key) { value[key] = resolveColours(value[key]); });
    }
    return value;
  }
  function palette() {
    var colours = [];
    for (var n = 1; n <= 8; n++) colours.push(cssValue("--zo-chart-series-" + n));
    return colours;
  }

  // <div class="zo-chart" data-chart="ID">: an ECharts option read from the json_script ID.
  function charts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var option = resolveColours(JSON.parse(source.textContent));
      if (!option.color) option.color = palette();
      var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
      chart.setOption(option, true);
    });
  }

  // <button data-confirm="...">: ask before a destructive action.
  function confirms(root) {
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      if (el.dataset.zoBound) return;
      el.dataset.zoBound = "1";
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.dataset.confirm)) event.preventDefault();
      });
    });
  }

  // <fieldset data-zo-ytd-base="N"> on the report form: 1—本月累计 left blank becomes N (last
  // month's year to date) plus 本月; a figure the person typed there is theirs and stays.
  function yearToDate(root) {
    root.querySelectorAll("[data-zo-ytd-base]").forEach(function (box) {
      var month = box.querySelector("input[name$='__month_value']");
      var ytd = box.querySelector("input[name$='__ytd_value']");
      if (!month || !ytd || box.dataset.zoBound) return;
      box.dataset.zoBound = "1";
      var base = parseFloat(box.dataset.zoYtdBase);
      month.addEventListener("change", function () {
        if (ytd.value !== "" && !ytd.dataset.zoFilled) return;
        var value = parseFloat(month.value);
        if (month.value.trim() === "" || isNaN(value)) {
          ytd.value = "";
          delete ytd.dataset.zoFilled;
          return;
        }
        ytd.value = String(parseFloat((base + value).toFixed(4)));
        ytd.dataset.zoFilled = "1";
      });
      ytd.addEventListener("input", function () { delete ytd.dataset.zoFilled; });
    });
  }

  // <input type="checkbox" data-zo-check-all="NAME">: ticks or clears every NAME box in its form.
  function checkAll(root) {
    root.querySelectorAll("[data-zo-check-all]").forEach(function (box) {
      if (box.dataset.zoBound) return;
      box.dataset.zoBound = "1";
      box.addEventListener("change", function () {
        var name = box.dataset.zoCheckAll;
        box.form.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (el) {
          el.checked = box.checked;
        });
      });
    });
  }

  function wire(root) {
    autosubmit(root);
    charts(root);
    confirms(root);
    yearToDate(root);
    checkAll(root);
  }

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSettle", function (event) { wire(event.target); });
  window.addEventListener("resize", function () {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  });
})();
