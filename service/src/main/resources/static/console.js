// Almanac console: JSON fields are checked before they are sent, and the review inbox answers to
// a/r/e/j/k. Everything here is an addition: the forms work without it.
(function () {
  function checkJson(form) {
    var field = form.querySelector('textarea.json');
    if (!field) return true;
    var error = form.querySelector('.error');
    try {
      JSON.parse(field.value);
      if (error) error.textContent = '';
      field.removeAttribute('aria-invalid');
      return true;
    } catch (e) {
      if (error) error.textContent = 'Not valid JSON: ' + e.message + ' (a string needs quotes: "finance")';
      field.setAttribute('aria-invalid', 'true');
      field.focus();
      return false;
    }
  }
  document.addEventListener('submit', function (event) {
    if (event.target.classList.contains('json-form') && !checkJson(event.target)) event.preventDefault();
  }, true);

  function items() { return Array.prototype.slice.call(document.querySelectorAll('#inbox .suggestion')); }
  function selected() { return document.querySelector('#inbox .suggestion[data-selected="true"]'); }
  function select(item) {
    var current = selected();
    if (current) current.removeAttribute('data-selected');
    if (item) { item.setAttribute('data-selected', 'true'); item.focus(); }
  }
  document.addEventListener('keydown', function (event) {
    if (!document.getElementById('inbox')) return;
    var tag = (event.target.tagName || '').toLowerCase();
    if (event.key === 'Escape' && tag === 'textarea' && selected()) { // leave the editor, back to the queue
      var open = selected().querySelector('details.edit');
      if (open) open.open = false;
      selected().focus();
      event.preventDefault();
      return;
    }
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || event.ctrlKey || event.metaKey || event.altKey) return;
    var list = items(), current = selected(), index = list.indexOf(current);
    if (event.key === 'j') select(list[Math.min(index + 1, list.length - 1)]);
    else if (event.key === 'k') select(list[Math.max(index - 1, 0)]);
    else if ((event.key === 'a' || event.key === 'r') && current) {
      var form = current.querySelector(event.key === 'a' ? 'form.accept-form' : 'form.reject-form');
      if (form) form.submit();
    } else if (event.key === 'e' && current) {
      var editor = current.querySelector('details.edit');
      if (!editor) return;
      editor.open = true;
      var field = editor.querySelector('textarea');
      field.focus();
      field.setSelectionRange(field.value.length, field.value.length);
    } else return;
    event.preventDefault();
  });
  // The jobs page's table refreshes itself every 2 s (hx-trigger on #jobs-live). Not while the
  // focus is on a link or button inside it: the swap would take the focus away (from Retry, Cancel…).
  // Only a 200 from /jobs/live itself replaces it: a lapsed session (redirected to sign-in) or an
  // error keeps the last table instead of putting that page in its place; the next tick tries again.
  document.addEventListener('htmx:beforeRequest', function (event) {
    var live = event.detail.elt;
    var focused = document.activeElement;
    if (live && live.id === 'jobs-live' && focused && live.contains(focused) && focused.matches('a, button, input, select'))
      event.preventDefault();
  });
  document.addEventListener('htmx:beforeSwap', function (event) {
    var live = event.detail.elt;
    if (live && live.id === 'jobs-live'
        && (event.detail.xhr.status !== 200 || (event.detail.xhr.responseURL || '').indexOf('/jobs/live') < 0)) {
      event.detail.shouldSwap = false;
    }
  });
})();
