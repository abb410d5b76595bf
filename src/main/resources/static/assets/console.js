// A retry's progress: a form marked data-poll posts its fields (the orders, the CSRF token) every data-poll ms and
// the answer, a fragment, replaces the element data-target names, until that element says data-done="true".
document.querySelectorAll('form[data-poll]').forEach((form) => {
  const every = Number(form.dataset.poll);
  const target = () => document.getElementById(form.dataset.target);
  const poll = async () => {
    if (!target() || target().dataset.done === 'true') {
      return;
    }
    const answer = await fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) })
      .catch(() => null);
    if (answer && answer.redirected) { // the session ended: the answer is the login page
      target().insertAdjacentHTML('beforebegin', '<p class="error">Logged out: reload the page to follow the retry.</p>');
      return;
    }
    if (answer && answer.ok) {
      target().outerHTML = await answer.text();
    }
    setTimeout(poll, every);
  };
  setTimeout(poll, every);
});
