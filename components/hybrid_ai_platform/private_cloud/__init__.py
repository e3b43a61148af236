"""The OpenStack private cloud: team projects, GPU flavors, compute baseline (`openstack`),
planned by `plan` and assembled by `build`."""
