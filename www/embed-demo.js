// The demo host page's script: mounts the checker in the filing form and enables 提交 only when
// the report has no errors. A host portal would do the same with its own form.
import { mount, hasErrors } from './nianbao.js';

const form = document.getElementById('filing');
const submit = document.getElementById('submit');
const status = document.getElementById('status');

function follow(result) {
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const empty = !result.tables || Object.values(result.tables.applications)
    .every((row) => Object.values(row).every((c) => c.status === 'missing'));
  submit.disabled = hasErrors(result) || empty;
  status.textContent = empty
    ? '请粘贴年度报告全文。'
    : errors > 0
      ? `发现 ${errors} 个错误，请修改后再提交。`
      : '核对通过，可以提交。';
}

const handle = await mount(document.getElementById('checker'), { compact: true, onResult: follow });
form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!submit.disabled) status.textContent = '已提交（演示页面，未发送任何内容）。';
});
// For the browser tests and for trying things from the console.
window.nianbaoDemo = { handle };
dispatchEvent(new CustomEvent('nianbao-demo-ready'));
