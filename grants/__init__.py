"""The government decision and the grant it creates: the decision's facts and conditions,
the grant's deadlines, and the allocation of the money to the regions by population."""
