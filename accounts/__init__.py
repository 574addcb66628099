"""Who may do what: the user model, the agency's staff roles (officer, auditor) and each
user's membership of a region with a region role (region admin, submitter, preparer).

Every permission question in the application is answered by :mod:`accounts.permissions`.
"""
