(function () {
  "use strict";
  var items = document.querySelectorAll("article.f");
  var boxes = document.querySelectorAll("#filters input[type=checkbox]");
  var shown = document.getElementById("shown");
  function apply() {
    var allowed = {rule: {}, severity: {}};
    boxes.forEach(function (box) { allowed[box.name][box.value] = box.checked; });
    var count = 0;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var visible = allowed.rule[item.dataset.rule] !== false && allowed.severity[item.dataset.severity] !== false;
      if (item.hidden === visible) { item.hidden = !visible; }
      if (visible) { count++; }
    }
    shown.textContent = count + " of " + items.length + " shown";
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  apply();
  void document.body.offsetHeight;  /* layout, so the timing below includes it */
  document.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
})();
