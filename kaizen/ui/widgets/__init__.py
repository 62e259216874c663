"""Small widgets shared by the forms and views: choice combos, field errors."""
