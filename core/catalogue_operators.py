# ruff: noqa: E501  (a message catalogue: one sentence per line)
"""Labels and messages of login, operators and the window's chrome (issue 17, items 1 and 7).

Same form as :data:`regsync.core.catalogue.TEXTS` (key -> (zh, en)), merged into it at
the end of that module.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "operator.role.clerk": ("经办人", "Clerk"),
    "operator.role.reviewer": ("审核人", "Reviewer"),
    "operator.role.administrator": ("管理员", "Administrator"),
    "operator.active": ("有效", "active"),
    "operator.disabled": ("已停用", "disabled"),
    "operator.added": (
        "已添加操作员 {username}（{name}，{role}）",
        "operator {username} ({name}, {role}) added",
    ),
    "operator.password_set": (
        "已设置操作员 {username} 的新密码",
        "new password set for operator {username}",
    ),
    "operator.disabled_now": ("已停用操作员 {username}", "operator {username} disabled"),
    "operator.enabled_now": ("已恢复操作员 {username}", "operator {username} enabled again"),
    "operator.none": (
        "本节点还没有操作员；打开窗口时会先要求设置管理员，或运行 regsync user add 用户名 --role administrator",
        "this node has no operators yet: the window first asks to set up the administrator, or run `regsync user add NAME --role administrator`",
    ),
    "operator.headers": (
        "用户名\t姓名\t角色\t状态\t密码修改时间",
        "User name\tName\tRole\tStatus\tPassword changed",
    ),
    "operator.prompt": ("操作员 {username} 的密码: ", "password of operator {username}: "),
    "operator.prompt_again": ("再次输入密码: ", "password again: "),
    "login.title": ("登录", "Log in"),
    "login.heading": (
        "请输入授权书上配发的用户名和密码登录",
        "Log in with the user name and password of your authorisation letter",
    ),
    "login.username": ("用户名", "User name"),
    "login.password": ("密码", "Password"),
    "login.ok": ("登录", "Log in"),
    "login.cancel": ("退出", "Quit"),
    "setup.title": ("设置管理员", "Set up the administrator"),
    "setup.heading": (
        "本节点还没有操作员账号。请先设置管理员：管理员可以添加其他操作员。",
        "This node has no operator accounts yet. Set up the administrator first: the administrator adds the other operators.",
    ),
    "setup.name": ("姓名", "Name"),
    "setup.again": ("确认密码", "Password again"),
    "setup.ok": ("确定", "OK"),
    "setup.rule": (
        "密码至少 8 个字符，包含字母、数字、符号中的至少两类",
        "At least 8 characters, with two kinds of letters, digits and symbols",
    ),
    "passwd.title": ("密码修改", "Change password"),
    "passwd.old": ("原密码", "Current password"),
    "passwd.new": ("新密码", "New password"),
    "passwd.again": ("确认新密码", "New password again"),
    "passwd.done": ("密码已修改", "The password was changed"),
    "menu.system": ("系统", "System"),
    "menu.passwd": ("密码修改…", "Change password…"),
    "menu.switch": ("切换操作员…", "Switch operator…"),
    "menu.quit": ("退出", "Quit"),
    "menu.help": ("帮助", "Help"),
    "menu.shortcuts": ("快捷键…", "Keyboard shortcuts…"),
    "menu.about": ("关于…", "About…"),
    "shortcuts.title": ("快捷键", "Keyboard shortcuts"),
    "shortcut.help": ("帮助：快捷键一览", "Help: this list"),
    "shortcut.refresh": ("刷新当前页面", "Refresh the current screen"),
    "shortcut.next": (
        "下一个页面（导航树中的下一项）",
        "Next screen (the next item in the navigation tree)",
    ),
    "shortcut.previous": ("上一个页面", "Previous screen"),
    "shortcut.navigation": ("焦点移到左侧导航树", "Focus the navigation tree"),
    "shortcut.passwd": ("密码修改", "Change password"),
    "shortcut.switch": ("切换操作员", "Switch operator"),
    "shortcut.quit": ("退出", "Quit"),
    "status.operator": ("操作员：{operator}", "Operator: {operator}"),
    "status.no_operator": ("操作员：（未登录）", "Operator: (not logged in)"),
    "status.node": ("节点：{name}", "Node: {name}"),
    "status.last_sync": ("最近同步：{when}", "Last sync: {when}"),
    "status.never_synced": ("最近同步：从未", "Last sync: never"),
    "about.text": (
        "{title}\n节点 {name}（{node_id}）\n操作员 {operator}",
        "{title}\nnode {name} ({node_id})\noperator {operator}",
    ),
    "menu.operators": ("操作员管理…", "Operators…"),
    "operators.title": ("操作员管理", "Operators"),
    "operators.add": ("新增", "Add"),
    "operators.disable": ("停用", "Disable"),
    "operators.enable": ("恢复", "Enable"),
    "operators.reset": ("重设密码", "Set password"),
    "operators.close": ("关闭", "Close"),
    "operators.role": ("角色", "Role"),
    "operators.status": ("状态", "Status"),
    "operators.pick": ("请先选择一个操作员", "Select an operator first"),
    "operators.reset_title": ("重设密码：{username}", "Set the password of {username}"),
}
